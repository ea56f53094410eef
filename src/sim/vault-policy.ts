/**
 * The Deny statements of a vault access policy a script sets, evaluated for later calls on the
 * vault: an explicit deny in a resource-based policy refuses the call whatever the caller's own
 * policies allow ("Policy evaluation logic", IAM User Guide: an explicit deny in any applicable
 * policy overrides every allow, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html;
 * the vault access policy is Glacier's resource-based policy,
 * https://docs.aws.amazon.com/amazonglacier/latest/dev/vault-access-policy.html).
 *
 * What is evaluated: `Effect: Deny` statements with `Principal` ("*", {"AWS": ...} naming an
 * account ID, an account root, a user, a role, or an assumed-role session) and `Action`
 * (`glacier:*`, `*`, `glacier:<Operation>`, wildcards). Statements with `NotPrincipal`,
 * `NotAction` or a `Condition` are skipped: their outcome depends on context the simulator does
 * not model, and skipping never invents a denial. Allow statements grant nothing here
 * (identity-based permissions decide, sim/permissions.ts), as for a same-account caller.
 */
import { OPERATIONS } from '../glacier/operations.js';

export interface PolicyDeny {
  /** 1 for each denied operation (by index). */
  ops: Uint8Array;
  /** Principal patterns; null: everyone ("*"). */
  principals: string[] | null;
}

export interface Caller {
  /** arn:aws:iam::<acct>:user/<n>, arn:aws:sts::<acct>:assumed-role/<role>/<session>, ... */
  arn: string;
  /** The role ARN behind an assumed-role session, when there is one. */
  roleArn?: string;
}

type Statement = Record<string, unknown>;

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** `glacier:Describe*` style pattern as a RegExp (IAM wildcards: `*` any run, `?` one character). */
function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function deniedOps(action: unknown): Uint8Array | null {
  const ops = new Uint8Array(OPERATIONS.length);
  let any = false;
  for (const a of asList(action)) {
    if (typeof a !== 'string') continue;
    const re = wildcard(a);
    OPERATIONS.forEach((op, i) => {
      if (re.test(`glacier:${op.name}`)) { ops[i] = 1; any = true; }
    });
  }
  return any ? ops : null;
}

function principalPatterns(principal: unknown): string[] | null | undefined {
  if (principal === '*') return null;
  if (typeof principal !== 'object' || principal === null) return undefined;
  const aws = asList((principal as Record<string, unknown>).AWS).filter((p): p is string => typeof p === 'string');
  if (aws.includes('*')) return null;
  return aws.length > 0 ? aws : undefined;
}

/** Deny statements of `policy` (JSON text) that apply to the vault; null when there are none. */
export function compileVaultDenies(policy: string, vaultArn: string): PolicyDeny[] | null {
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    return null; // Glacier would have refused a malformed policy; scripts may still send one.
  }
  const out: PolicyDeny[] = [];
  for (const s of asList((doc as { Statement?: unknown } | null)?.Statement) as Statement[]) {
    if (typeof s !== 'object' || s === null || s.Effect !== 'Deny') continue;
    if ('NotPrincipal' in s || 'NotAction' in s || 'NotResource' in s || 'Condition' in s) continue;
    const resources = asList(s.Resource).filter((r): r is string => typeof r === 'string');
    if (resources.length > 0 && !resources.some((r) => wildcard(r).test(vaultArn))) continue;
    const ops = deniedOps(s.Action);
    const principals = principalPatterns(s.Principal);
    if (!ops || principals === undefined) continue;
    out.push({ ops, principals });
  }
  return out.length > 0 ? out : null;
}

/** Whether a principal pattern of a policy names the caller. */
function names(pattern: string, caller: Caller): boolean {
  const account = caller.arn.split(':')[4];
  if (/^\d{12}$/.test(pattern)) return pattern === account;
  if (pattern.endsWith(':root')) return pattern.split(':')[4] === account;
  if (pattern === caller.arn || pattern === caller.roleArn) return true;
  return pattern.includes('*') && wildcard(pattern).test(caller.arn);
}

/** Whether the vault's policy explicitly denies `caller` the operation. */
export function deniesCall(denies: PolicyDeny[], op: number, caller: Caller): boolean {
  for (const d of denies) {
    if (!d.ops[op]) continue;
    if (d.principals === null || d.principals.some((p) => names(p, caller))) return true;
  }
  return false;
}

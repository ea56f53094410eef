/**
 * Effective permissions per principal, so that AccessDenied follows policy instead of dice.
 * A principal (one IdentityModel: an actor and the variants a script makes of its stolen
 * credentials) is allowed what its role does: the operations of its activities' mixes, their
 * follow-ups (a job's polls and download, a multipart upload's parts) and the calls its scripts
 * make successfully. Anything else is denied every time ("no identity-based policy allows").
 * Explicit denies come from the scenario (`permissions.deny`, optionally limited to vaults, to
 * the caller's network and to a time span: a scripted policy change) and from scripted
 * `fail: AccessDenied` steps, which become a deny for that principal from the script's start
 * (or, for calls from a Tor/VPS address, a deny conditioned on the network at any time).
 *
 * The message wording follows the IAM User Guide, "Troubleshoot access denied error messages"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html): the
 * reason names the policy type that denied, and an implicit deny names the missing allow.
 */
import { TERRAFORM_READS } from './terraform-runs.js';
import { OP, OPERATIONS, operationIndex } from '../glacier/operations.js';
import type { IdentityModel } from '../plan/identity.js';
import type { PlanStep } from '../plan/script-types.js';
import type { Plan, PlanActor } from '../plan/types.js';
import type { DenyReason, PermissionsSpec } from '../scenario/types.js';
import { parseTimestamp, parseDuration } from '../scenario/units.js';

export type { DenyReason };

interface DenyRule {
  /** Denied operations (by index); null: all of glacier:*. */
  ops: Uint8Array | null;
  /** Vault names the deny is limited to; null: every resource. */
  vaults: Set<string> | null;
  /** Caller network kinds the deny is conditioned on (aws:SourceIp); null: any network. */
  origins: Set<string> | null;
  from: number;
  until: number;
  reason: DenyReason;
}

export interface PrincipalPermissions {
  /** 1 where an operation is allowed by an identity-based policy. */
  allowed: Uint8Array;
  denies: DenyRule[];
}

/** Calls a granted operation implies: a program that starts a job also polls and downloads it. */
const FOLLOW_UPS: Partial<Record<number, number[]>> = {
  [OP.InitiateJob]: [OP.DescribeJob, OP.GetJobOutput],
  [OP.InitiateMultipartUpload]: [OP.UploadMultipartPart, OP.ListParts, OP.CompleteMultipartUpload, OP.AbortMultipartUpload],
  [OP.InitiateVaultLock]: [OP.GetVaultLock, OP.CompleteVaultLock, OP.AbortVaultLock],
  [OP.CreateVault]: [OP.AddTagsToVault],
};

const N = OPERATIONS.length;

/** The sentence AWS appends after "is not authorized to perform: <action> on resource: <arn>". */
export function denialSentence(reason: DenyReason, action: string): string {
  switch (reason) {
    case 'no-identity-policy': return `because no identity-based policy allows the ${action} action`;
    case 'no-resource-policy': return `because no resource-based policy allows the ${action} action`;
    case 'identity-policy': return 'with an explicit deny in an identity-based policy';
    case 'resource-policy':
    case 'vault-lock': return 'with an explicit deny in a resource-based policy';
    case 'service-control-policy': return 'with an explicit deny in a service control policy';
  }
}

export class Permissions {
  /** By actor index; variants of one principal share one object. */
  private readonly byActor: PrincipalPermissions[];
  private readonly originOf: string[];

  constructor(plan: Plan) {
    const byIdentity = new Map<IdentityModel, PrincipalPermissions>();
    const of = (a: PlanActor): PrincipalPermissions => {
      let p = byIdentity.get(a.identity);
      if (!p) byIdentity.set(a.identity, (p = { allowed: new Uint8Array(N), denies: [] }));
      return p;
    };
    this.byActor = plan.actors.map(of);
    this.originOf = plan.actors.map((a) => originKind(a));
    for (const act of plan.activities) for (const op of act.mixOps) grant(of(plan.actors[act.actorIndex]!), op);
    // A Terraform plan refreshes each vault in its state with the provider's reads (terraform-runs.ts).
    for (const act of plan.activities) if (plan.actors[act.actorIndex]!.spec.client === 'terraform') for (const op of TERRAFORM_READS) grant(of(plan.actors[act.actorIndex]!), op);
    // Scripted calls: successes grant, forced AccessDenied becomes a deny rule.
    const scripted: Array<{ actor: PlanActor; step: Extract<PlanStep, { kind: 'call' }>; start: number }> = [];
    for (const script of plan.scripts) walk(script.steps, plan.actors[script.actor]!, plan, (actor, step) => scripted.push({ actor, step, start: script.start }));
    for (const { actor, step } of scripted) if (!isAccessDenied(step.fail)) grant(of(actor), step.op);
    for (const { actor, step, start } of scripted) if (isAccessDenied(step.fail)) this.scriptedDeny(of(actor), actor, step, start, plan);
    // AWS services act through their service-linked roles: no Glacier call of theirs is denied.
    for (const a of plan.actors) if (a.spec.type === 'AWSService') of(a).allowed.fill(1);
    for (const a of plan.actors) if (!a.hidden && a.spec.permissions) applySpec(of(a), a.spec.permissions, plan.start);
  }

  /** Why `actor` may not call `op` on `vault` (name, or undefined for account-level calls) at `t`; null when allowed. */
  check(actor: PlanActor, op: number, vault: string | undefined, t: number): DenyReason | null {
    const p = this.byActor[actor.index]!;
    if (p.denies.length > 0) {
      const origin = this.originOf[actor.index]!;
      for (const d of p.denies) {
        if (t < d.from || t >= d.until) continue;
        if (d.ops && !d.ops[op]) continue;
        if (d.vaults && (vault === undefined || !d.vaults.has(vault))) continue;
        if (d.origins && !d.origins.has(origin)) continue;
        return d.reason;
      }
    }
    return p.allowed[op] ? null : 'no-identity-policy';
  }

  private scriptedDeny(p: PrincipalPermissions, actor: PlanActor, step: Extract<PlanStep, { kind: 'call' }>, start: number, plan: Plan): void {
    const vaults = step.vault?.kind === 'name' ? new Set([step.vault.name]) : null;
    const base = plan.actors.find((a) => a.identity === actor.identity && !a.hidden) ?? actor;
    const origin = this.originOf[actor.index]!;
    if (origin === 'tor' && this.originOf[base.index] !== 'tor') {
      // Calls from anonymising networks refused outright: a deny on glacier:* conditioned on
      // aws:SourceIp, explicit whatever the principal may otherwise do.
      if (!p.denies.some((d) => d.origins?.has('tor'))) p.denies.push({ ops: null, vaults: null, origins: new Set(['tor']), from: -Infinity, until: Infinity, reason: 'identity-policy' });
      return;
    }
    // Not granted anyway: the implicit deny already refuses it every time.
    if (!p.allowed[step.op]) return;
    // Granted before: a deny attached when the script starts (e.g. a quarantine policy).
    const ops = new Uint8Array(N);
    ops[step.op] = 1;
    p.denies.push({ ops, vaults, origins: null, from: start, until: Infinity, reason: 'identity-policy' });
  }
}

function grant(p: PrincipalPermissions, op: number): void {
  p.allowed[op] = 1;
  for (const f of FOLLOW_UPS[op] ?? []) p.allowed[f] = 1;
}

function isAccessDenied(code: string | undefined): boolean {
  return code === 'AccessDenied' || code === 'AccessDeniedException';
}

/** The actor's network kind, defaulted as compile-core does (roles outside SSO run on EC2). */
function originKind(a: PlanActor): string {
  const o = a.spec.origin ?? (a.spec.type === 'AssumedRole' && !a.spec.sso ? 'ec2' : 'office');
  return typeof o === 'string' ? o : o.kind;
}

/** Calls of a script with the actor in force at each (switch and assumeRole change it). */
function walk(steps: PlanStep[], actor: PlanActor, plan: Plan, visit: (a: PlanActor, s: Extract<PlanStep, { kind: 'call' }>) => void): PlanActor {
  for (const s of steps) {
    switch (s.kind) {
      case 'call': visit(actor, s); break;
      case 'switch':
      case 'assume': actor = plan.actors[s.actor]!; break;
      case 'repeat':
      case 'forEach': actor = walk(s.steps, actor, plan, visit); break;
      case 'parallel': for (const b of s.branches) walk(b, actor, plan, visit); break;
      default: break;
    }
  }
  return actor;
}

function opSet(names: string[] | undefined): Uint8Array | null {
  if (!names || names.includes('*')) return null;
  const ops = new Uint8Array(N);
  for (const n of names) ops[operationIndex(n)] = 1;
  return ops;
}

function when(text: string | undefined, start: number, fallback: number): number {
  if (text === undefined) return fallback;
  return text.startsWith('+') ? start + parseDuration(text.slice(1)) : parseTimestamp(text);
}

function applySpec(p: PrincipalPermissions, spec: PermissionsSpec, start: number): void {
  if (spec.allow) {
    const ops = opSet(spec.allow);
    p.allowed.set(ops ?? new Uint8Array(N).fill(1));
  }
  for (const d of spec.deny ?? []) {
    p.denies.push({
      ops: opSet(d.operations), vaults: d.vaults ? new Set(d.vaults) : null, origins: d.origins ? new Set(d.origins) : null,
      from: when(d.from, start, -Infinity), until: when(d.until, start, Infinity), reason: d.reason ?? 'identity-policy',
    });
  }
}

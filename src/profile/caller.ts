/**
 * The principal behind a record, as the scenario's actor model sees it (reference section 2):
 * an IAM user, a role session, root, a federated user or an AWS service. An EC2 instance
 * profile rotates its session name (the instance ID) with every credential refresh, and SDK
 * role profiles name each session after its start time, so their calls are one principal:
 * the role, not the session.
 */
import type { ActorType } from '../scenario/types.js';

export interface Caller {
  /** Stable key: the recipient account and the principal's ARN (or service). */
  key: string;
  type: ActorType;
  /** userIdentity.type as written, when it is not one of the scenario's five. */
  approximatedFrom?: string;
  userName?: string;
  role?: string;
  sso: boolean;
  sessionName?: string;
  service?: string;
}

type Obj = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
/**
 * Session names that change with every credential session of one principal: an EC2 instance
 * profile's instance ID (the same few, rotating), and the names SDKs make up when a role
 * profile assumes a role, `botocore-session-<unix s>` (botocore's AssumeRoleProvider) and
 * `aws-go-sdk-<unix ns>` (Go v2's stscreds). Each session would otherwise look like a principal
 * of its own, and the twin would open one session per actor for each.
 */
const ROTATING_SESSION = /^(i-[0-9a-f]{8,17}|botocore-session-\d{9,11}|aws-go-sdk-\d{9,20})$/;

/** The principal key of a record; cheap (no allocation beyond the key), called for every record. */
export function callerKey(r: Obj): string {
  const ui = r.userIdentity as Obj | undefined;
  const account = typeof r.recipientAccountId === 'string' ? r.recipientAccountId : '';
  if (!ui || typeof ui !== 'object') return `${account}|none`;
  const type = ui.type;
  if (type === 'AWSService') return `${account}|service:${String(ui.invokedBy)}`;
  const arn = typeof ui.arn === 'string' ? ui.arn : '';
  if (type === 'AssumedRole') {
    const slash = arn.lastIndexOf('/');
    if (ROTATING_SESSION.test(arn.slice(slash + 1))) return `${account}|${arn.slice(0, slash)}`;
  }
  return `${account}|${String(type)}:${arn || String(ui.principalId ?? ui.accountId ?? '')}`;
}

/** The full description of a record's caller (called once per new principal). */
export function describeCaller(r: Obj, key: string): Caller {
  const ui = (r.userIdentity ?? {}) as Obj;
  const arn = str(ui.arn) ?? '';
  const type = str(ui.type) ?? 'Unknown';
  const ctx = (ui.sessionContext ?? {}) as Obj;
  const issuer = (ctx.sessionIssuer ?? {}) as Obj;
  switch (type) {
    case 'AWSService':
      return { key, type: 'AWSService', sso: false, service: str(ui.invokedBy) };
    case 'Root':
      return { key, type: 'Root', sso: false };
    case 'IAMUser':
      return { key, type: 'IAMUser', sso: false, userName: str(ui.userName) ?? arn.slice(arn.lastIndexOf('/') + 1) };
    case 'FederatedUser': {
      // arn:aws:sts::<acct>:federated-user/<name>; the issuing user is the session issuer.
      return { key, type: 'FederatedUser', sso: false, userName: str(issuer.userName), sessionName: arn.slice(arn.lastIndexOf('/') + 1) || undefined };
    }
    case 'AssumedRole': {
      // A service acting through its service-linked role (role under aws-service-role/<service>/,
      // invokedBy the service): the scenario's AWSService actor, which the generator renders so
      // (src/plan/identity.ts, real AWS Config and Access Analyzer records).
      const service = str(ui.invokedBy);
      if (service && String(issuer.arn ?? '').includes(':role/aws-service-role/')) return { key, type: 'AWSService', sso: false, service };
      // arn:aws:sts::<acct>:assumed-role/<role>/<session>; an Identity Center role is
      // AWSReservedSSO_<permission set>_<hex> under the aws-reserved/sso.amazonaws.com/ path.
      const parts = arn.split('/');
      const roleName = str(issuer.userName) ?? parts[1] ?? '';
      const session = parts[2];
      const sso = /^AWSReservedSSO_/.test(roleName) || String(issuer.arn ?? '').includes('/aws-reserved/sso.amazonaws.com/');
      const role = sso ? roleName.replace(/^AWSReservedSSO_/, '').replace(/_[0-9a-f]{16}$/, '') : roleName;
      return { key, type: 'AssumedRole', sso, role: role || undefined, sessionName: session && !ROTATING_SESSION.test(session) ? session : undefined };
    }
    default:
      // AWSAccount (another account's principal), SAMLUser, WebIdentityUser, IdentityCenterUser:
      // the scenario has no such actor type; modelled as an IAM user and reported.
      return { key, type: 'IAMUser', approximatedFrom: type, sso: false, userName: str(ui.userName) };
  }
}

/** Whether the call came through a console session (its credentials were minted by sign-in). */
export function isConsoleCall(r: Obj): boolean {
  return r.sessionCredentialFromConsole === 'true' || r.sessionCredentialFromConsole === true;
}

/** Whether the caller's session was MFA-authenticated (sessionContext.attributes.mfaAuthenticated). */
export function isMfa(r: Obj): boolean {
  const ui = r.userIdentity as Obj | undefined;
  const attrs = ((ui?.sessionContext as Obj | undefined)?.attributes ?? {}) as Obj;
  return attrs.mfaAuthenticated === 'true' || attrs.mfaAuthenticated === true;
}

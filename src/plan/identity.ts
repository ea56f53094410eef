/**
 * userIdentity per actor (reference section 2). Static parts (principal ids, ARNs) are fixed
 * at compile time; session credentials (ASIA key, creationDate) change per session and are
 * addressed by session index through counter hashing, so any worker can render any session.
 * The renderer caches the serialized object per (actor, session, layout).
 */
import { DEFAULT_GLACIER_SERVICE, GLACIER_SERVICE_PRINCIPALS } from '../glacier/service-principals.js';
import { charsAt, accessKeyId, accountIdAt, uniqueId } from '../random/ids.js';
import { hashString, mix32 } from '../random/hash.js';
import type { Rng } from '../random/rng.js';
import type { ActorSpec } from '../scenario/types.js';
import { isoSeconds } from '../scenario/units.js';

export interface IdentityModel {
  type: string;
  /** ARN named in AccessDenied messages (`User: <arn> is not authorized...`). */
  callerArn: string;
  /** Seconds a credential session lasts; 0 for long-term keys (one session forever). */
  sessionSeconds: number;
  /** Serialized userIdentity object for a session that started at `sessionStart` (epoch s). */
  render(sessionIndex: number, sessionStart: number, legacyOrder: boolean, webIdFederationData?: boolean): string;
  /** The access key id a session uses ('' when none), for cross-checks and STS records. */
  accessKey(sessionIndex: number): string;
  /** For roles: what STS AssumeRole names and returns. */
  role?: {
    arn: string; id: string; name: string; accountId: string;
    /** The session's name; SDK-generated names carry the AssumeRole's own time (`sessionStart`, epoch s). */
    sessionName(sessionIndex: number, sessionStart?: number): string;
    /** requestParameters.durationSeconds the client sends, or null when it sends none (botocore's default). */
    requestedSeconds: number | null;
  };
  /** IAM users: the principal id (AIDA…), which a federated user's sessionIssuer names. */
  principalId?: string;
  /**
   * Federated users: the name GetFederationToken is called with and the IAM user who calls it.
   * `issuerId` is bound at compile time to the principal id of the actor making that call
   * (plan/compile-core.ts), so the sessionIssuer and the GetFederationToken caller agree.
   */
  federation?: { name: string; userName: string; issuerId: string };
  /** userIdentity of this principal in its console sign-in record. */
  signInIdentity?: (sessionStart: number, webIdFederationData?: boolean) => string;
}

export interface IdentityContext {
  accountId: string;
  alias?: string;
  partition: string;
  console: boolean;
  ec2: boolean;
  seedKey: string;
  /** The scenario start (epoch s), for behaviour that changed over time. */
  start: number;
}

const q = JSON.stringify;

/** Until then a service asked STS for its service-linked role's 3600 s explicitly (see the AWSService case). */
const SERVICE_ROLE_DURATION_UNTIL = Date.UTC(2025, 0, 1) / 1000;

/**
 * How an SDK names role sessions it opens itself: botocore `botocore-session-<int(time.time())>`
 * (botocore/credentials.py, AssumeRoleCredentialFetcher), the Go SDK v2 `aws-go-sdk-<UnixNano>`
 * (credentials/stscreds/assume_role_provider.go), both taken when the AssumeRole is made.
 * 'fixed' for names given in the scenario or set by the application.
 */
export type SessionNaming = 'botocore' | 'go' | 'fixed';

export function identityModel(actor: ActorSpec, ctx: IdentityContext, rng: Rng, names: { userName: string; roleName: string; sessionName: string; naming?: SessionNaming }): IdentityModel {
  const acct = ctx.accountId;
  const key = hashString(`${ctx.seedKey}/identity/${actor.name}`);
  // Session keys are the key owner's: the actor's own account, also when it calls another account.
  const sessionKey = (i: number): string => accountIdAt('ASIA', acct, key, i, 0, 16);
  // Sessions open on first use (sim/sessions.ts), so creationDate is the opening call's time.
  const creation = (start: number, _i: number): string => isoSeconds(start);
  const mfa = actor.mfa ? '"true"' : '"false"';
  const attributes = (start: number, i: number, legacy: boolean): string =>
    legacy
      ? `"attributes":{"mfaAuthenticated":${mfa},"creationDate":"${creation(start, i)}"}`
      : `"attributes":{"creationDate":"${creation(start, i)}","mfaAuthenticated":${mfa}}`;

  switch (actor.type) {
    case 'IAMUser': {
      const principalId = uniqueId(rng, 'AIDA', acct);
      const arn = `arn:${ctx.partition}:iam::${acct}:user/${names.userName}`;
      const head = `{"type":"IAMUser","principalId":"${principalId}","arn":${q(arn)},"accountId":"${acct}","accessKeyId":"`;
      if (!ctx.console) {
        const longTerm = accessKeyId(rng, false, acct);
        const text = `${head}${longTerm}","userName":${q(names.userName)}}`;
        return { type: 'IAMUser', callerArn: arn, sessionSeconds: 0, principalId, render: () => text, accessKey: () => longTerm };
      }
      return {
        type: 'IAMUser', callerArn: arn, sessionSeconds: 8 * 3600, accessKey: sessionKey, principalId,
        signInIdentity: () => `{"type":"IAMUser","principalId":"${principalId}","arn":${q(arn)},"accountId":"${acct}","accessKeyId":"","userName":${q(names.userName)}}`,
        render: (i, start, legacy) =>
          `${head}${sessionKey(i)}","userName":${q(names.userName)},"sessionContext":` +
          (legacy ? `{${attributes(start, i, true)}}}` : `{"sessionIssuer":{},"webIdFederationData":{},${attributes(start, i, false)}}}`),
      };
    }
    case 'Root': {
      const arn = `arn:${ctx.partition}:iam::${acct}:root`;
      const head = `{"type":"Root","principalId":"${acct}","arn":"${arn}","accountId":"${acct}","accessKeyId":"`;
      const userName = ctx.alias ? `,"userName":${q(ctx.alias)}` : '';
      if (!ctx.console) {
        const longTerm = accessKeyId(rng, false, acct);
        const text = `${head}${longTerm}"${userName}}`;
        return { type: 'Root', callerArn: arn, sessionSeconds: 0, render: () => text, accessKey: () => longTerm };
      }
      return {
        type: 'Root', callerArn: arn, sessionSeconds: 8 * 3600, accessKey: sessionKey,
        signInIdentity: () => `{"type":"Root","principalId":"${acct}","arn":"${arn}","accountId":"${acct}","accessKeyId":""}`,
        render: (i, start, legacy) =>
          `${head}${sessionKey(i)}"${userName},"sessionContext":` +
          (legacy ? `{${attributes(start, i, true)}}}` : `{"sessionIssuer":{},"webIdFederationData":{},${attributes(start, i, false)}}}`),
      };
    }
    case 'AssumedRole': {
      const roleId = uniqueId(rng, 'AROA', acct);
      const path = actor.sso ? 'aws-reserved/sso.amazonaws.com/' : '';
      const roleArn = `arn:${ctx.partition}:iam::${acct}:role/${path}${names.roleName}`;
      const issuer = `"sessionIssuer":{"type":"Role","principalId":"${roleId}","arn":${q(roleArn)},"accountId":"${acct}","userName":${q(names.roleName)}}`;
      // EC2 instance-profile sessions are named after the instance and rotate every ~6 hours.
      const ec2 = ctx.ec2 && !actor.sso;
      const naming = ec2 || actor.sso ? 'fixed' : names.naming ?? 'fixed';
      // The Go SDK's AssumeRoleProvider asks for 15 minutes (stscreds DefaultDuration) and says so;
      // botocore sends no DurationSeconds, so STS grants its default hour.
      const requestedSeconds = naming === 'go' ? 900 : null;
      const sessionSeconds = ctx.console ? 8 * 3600 : naming === 'go' ? 900 : 3600;
      const sessionName = (i: number, start?: number): string => {
        if (ec2) return `i-0${charsAt('0123456789abcdef', key, i % 3, 40, 16)}`;
        if (naming === 'botocore' && start !== undefined) return `botocore-session-${start}`;
        // UnixNano: the second plus nine digits of the call's sub-second time.
        if (naming === 'go' && start !== undefined) return `aws-go-sdk-${start}${String(mix32(key, i, 60) % 1e9).padStart(9, '0')}`;
        return names.sessionName;
      };
      const callerArn = `arn:${ctx.partition}:sts::${acct}:assumed-role/${names.roleName}/${names.sessionName}`;
      const identity: IdentityModel = {
        type: 'AssumedRole', callerArn, sessionSeconds: ec2 ? 6 * 3600 : sessionSeconds, accessKey: sessionKey,
        role: { arn: roleArn, id: roleId, name: names.roleName, accountId: acct, sessionName, requestedSeconds: ec2 ? 6 * 3600 : actor.sso ? null : requestedSeconds },
        render: (i, start, legacy, webId = true) => {
          const s = sessionName(i, start);
          const head = `{"type":"AssumedRole","principalId":"${roleId}:${s}","arn":${q(`arn:${ctx.partition}:sts::${acct}:assumed-role/${names.roleName}/${s}`)},"accountId":"${acct}","accessKeyId":"${sessionKey(i)}","sessionContext":`;
          if (legacy) return `${head}{${attributes(start, i, true)},${issuer}}}`;
          return `${head}{${issuer},${webId ? '"webIdFederationData":{},' : ''}${attributes(start, i, false)}${ec2 ? ',"ec2RoleDelivery":"2.0"' : ''}}}`;
        },
      };
      // Console sign-in of a federated role session names the session's identity without a key.
      identity.signInIdentity = (start, webId = true) => `{"type":"AssumedRole","principalId":"${roleId}:${names.sessionName}","arn":${q(callerArn)},"accountId":"${acct}","accessKeyId":"","sessionContext":{${issuer},${webId ? '"webIdFederationData":{},' : ''}"attributes":{"creationDate":"${isoSeconds(start)}","mfaAuthenticated":${mfa}}}}`;
      return identity;
    }
    case 'FederatedUser': {
      const fedName = names.sessionName;
      const arn = `arn:${ctx.partition}:sts::${acct}:federated-user/${fedName}`;
      const federation = { name: fedName, userName: names.userName, issuerId: uniqueId(rng, 'AIDA', acct) };
      const userArn = q(`arn:${ctx.partition}:iam::${acct}:user/${names.userName}`);
      const issuer = (): string => `"sessionIssuer":{"type":"IAMUser","principalId":"${federation.issuerId}","arn":${userArn},"accountId":"${acct}","userName":${q(names.userName)}}`;
      // GetFederationToken without DurationSeconds: STS's default 43,200 s (12 h) for an IAM user's call.
      return {
        type: 'FederatedUser', callerArn: arn, sessionSeconds: 12 * 3600, accessKey: sessionKey, federation,
        render: (i, start, legacy, webId = true) => {
          const head = `{"type":"FederatedUser","principalId":"${acct}:${fedName}","arn":${q(arn)},"accountId":"${acct}","accessKeyId":"${sessionKey(i)}","sessionContext":`;
          if (legacy) return `${head}{${attributes(start, i, true)},${issuer()}}}`;
          return `${head}{${issuer()},${webId ? '"webIdFederationData":{},' : ''}${attributes(start, i, false)}}}`;
        },
      };
    }
    case 'AWSService': {
      // No AWS service calls the Glacier vault API under its own AWSService identity; the two
      // that may call it at all do so through their service-linked roles
      // (glacier/service-principals.ts): records read assumed-role/AWSServiceRoleFor<Name>/<session>,
      // the issuer under aws-service-role/<service>/, with invokedBy naming the service.
      const service = actor.service ?? DEFAULT_GLACIER_SERVICE;
      const slr = serviceLinkedRole(service);
      const roleId = uniqueId(rng, 'AROA', acct);
      const roleArn = `arn:${ctx.partition}:iam::${acct}:role/aws-service-role/${service}/${slr.role}`;
      const arn = `arn:${ctx.partition}:sts::${acct}:assumed-role/${slr.role}/${slr.session}`;
      const issuer = `"sessionIssuer":{"type":"Role","principalId":"${roleId}","arn":${q(roleArn)},"accountId":"${acct}","userName":${q(slr.role)}}`;
      // The service's own AssumeRole asked for 3600 s in a real 2023-11 record and named no
      // duration in a 2026-02 one (same 1-hour expiry); the switch is put at 2025 [I].
      const requestedSeconds = ctx.start < SERVICE_ROLE_DURATION_UNTIL ? 3600 : null;
      return {
        type: 'AssumedRole', callerArn: arn, sessionSeconds: 3600, accessKey: sessionKey,
        role: { arn: roleArn, id: roleId, name: slr.role, accountId: acct, sessionName: () => slr.session, requestedSeconds },
        render: (i, start, legacy, webId = true) => {
          const head = `{"type":"AssumedRole","principalId":"${roleId}:${slr.session}","arn":${q(arn)},"accountId":"${acct}","accessKeyId":"${sessionKey(i)}","sessionContext":`;
          const context = legacy ? `{${attributes(start, i, true)},${issuer}}` : `{${issuer},${webId ? '"webIdFederationData":{},' : ''}${attributes(start, i, false)}}`;
          return `${head}${context},"invokedBy":${q(service)}}`;
        },
      };
    }
  }
}

/**
 * The service-linked role a service acts through and the session name it gives it: the two
 * Glacier callers' from glacier/service-principals.ts; otherwise (a library caller that skipped
 * scenario validation) IAM's naming rule for service-linked roles, AWSServiceRoleFor + the
 * service's name (IAM User Guide, "Using service-linked roles"), and the service prefix as the
 * session name [I].
 */
export function serviceLinkedRole(service: string): { role: string; session: string } {
  const known = GLACIER_SERVICE_PRINCIPALS[service];
  if (known) return known;
  const prefix = service.replace(/\.amazonaws\.com$/, '');
  const name = prefix.split(/[^A-Za-z0-9]+/).filter(Boolean).map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
  return { role: `AWSServiceRoleFor${name}`, session: prefix };
}

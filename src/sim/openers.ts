/**
 * Records that open credential sessions, in the same realistic format as Glacier records:
 * sts:AssumeRole (by EC2 for instance profiles, or by a caller actor), sts:AssumeRoleWithSAML
 * for IAM Identity Center roles, sts:GetFederationToken for federated users, and
 * signin:ConsoleLogin. The Glacier records of the session
 * then carry the access key and creationDate these records establish.
 */
import { createHash } from 'node:crypto';
import { OP } from '../glacier/operations.js';
import type { PlanActor } from '../plan/types.js';
import { hashString, mix32 } from '../random/hash.js';
import { uuidAt } from '../random/ids.js';
import type { SessionState } from './sessions.js';

/** STS writes expirations Java-style: `Sep 14, 2020, 7:01:26 AM` (real records). */
export function stsExpiration(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]!;
  const h = d.getUTCHours();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${month} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/**
 * A session token of the real shape. Real STS tokens (../shared/data: 757 to 1,068 characters)
 * are base64 of a protobuf-like blob: 0x21 0x0a 0x09 "origin_ec", a 0x10 serial varint (one
 * byte, or ten for a negative one: the `//////////wE` run), 0x1a + the region's name, 0x22 + a
 * DER ECDSA signature (0x30 0x44/0x45/0x46 ...), then 0x2a + the opaque rest, which starts
 * 0x08 ff×9 01 0x10 00 0x1a 0x0c + the 12-digit account.
 */
export function sessionToken(identityKey: string, session: number, region = 'us-east-1', accountId = '000000000000'): string {
  const key = hashString(`${identityKey}/token`);
  let lane = 0;
  const word = (): number => mix32(key, session, lane++);
  const random = (n: number): number[] => Array.from({ length: n }, () => word() & 255);
  const bytes: number[] = [0x21, 0x0a, 0x09, ...Buffer.from('origin_ec')];
  bytes.push(0x10, ...(word() % 2 ? [0x80 | (word() & 0x7f), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01] : [word() & 0x7f]));
  bytes.push(0x1a, region.length, ...Buffer.from(region));
  // DER integers r and s: 32 bytes, with a leading 0 when the top bit is set.
  const int = (): number[] => {
    const v = random(32);
    return v[0]! >= 0x80 ? [0x02, 33, 0, ...v] : [0x02, 32, ...v];
  };
  const r = int();
  const sig = int();
  const der = [0x30, r.length + sig.length, ...r, ...sig];
  bytes.push(0x22, der.length, ...der);
  const rest = [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x10, 0x00, 0x1a, 0x0c, ...Buffer.from(accountId), ...random(440 + (word() % 200))];
  bytes.push(0x2a, 0x80 | (rest.length & 0x7f), rest.length >> 7, ...rest);
  return Buffer.from(bytes).toString('base64');
}

/**
 * What IAM Identity Center writes into its SAML assertions for an account's provider
 * (`arn:...:saml-provider/AWSSSO_<hex>_DO_NOT_DELETE`): the issuer is the instance's portal URL
 * ending in base64("<account>_ins-<16 hex>") [I: shape seen in public write-ups], and STS's
 * nameQualifier is base64(SHA1(issuer + account ID + "/" + provider name)), as the IAM docs
 * ("Configure SAML assertions for the authentication response", condition key saml:namequalifier)
 * define it. The SAMLUser's principalId is nameQualifier:subject, identityProvider the nameQualifier.
 */
export function identityCenterSaml(providerArn: string): { issuer: string; nameQualifier: string } {
  const m = /^arn:[^:]+:iam::(\d{12}):saml-provider\/(.+)$/.exec(providerArn);
  const account = m?.[1] ?? '000000000000';
  const name = m?.[2] ?? providerArn;
  const instance = (hashString(`${providerArn}/instance`).toString(16) + hashString(`${providerArn}/instance2`).toString(16)).padStart(16, '0').slice(0, 16);
  const issuer = `https://portal.sso.us-east-1.amazonaws.com/saml/assertion/${Buffer.from(`${account}_ins-${instance}`).toString('base64')}`;
  const nameQualifier = createHash('sha1').update(issuer + account + '/' + name).digest('base64');
  return { issuer, nameQualifier };
}

export interface OpenedSession {
  req: string;
  resp: string;
  /** `,"resources":[...]` fragment. */
  resources: string;
}

/** requestParameters / responseElements of the STS call that opened `session` for a role actor. */
export function assumeRoleParts(actor: PlanActor, session: SessionState, saml: string | null, region: string): OpenedSession {
  const role = actor.identity.role!;
  const name = role.sessionName(session.index, session.start);
  const q = JSON.stringify;
  const duration = session.expires - session.start;
  // Instance-profile credentials state an expiry 6 h 11 m to 6 h 24 m out (real IMDS credentials), not the 6 h rotation.
  const ec2 = actor.opener.kind === 'assume-role' && actor.opener.caller === 'ec2';
  const expires = ec2 ? session.start + 6 * 3600 + 660 + (hashString(`${role.arn}/${session.index}`) % 781) : session.expires;
  const token = sessionToken(actor.name + role.arn, session.index, region, role.accountId);
  const creds = `{"accessKeyId":"${actor.identity.accessKey(session.index)}","sessionToken":"${token}","expiration":"${stsExpiration(expires)}"}`;
  const assumed = `{"assumedRoleId":"${role.id}:${name}","arn":${q(role.arn.replace(/:iam::(\d{12}):role\/(?:.*\/)?/, ':sts::$1:assumed-role/') + '/' + name)}}`;
  const resources = `,"resources":[{"accountId":"${role.accountId}","type":"AWS::IAM::Role","ARN":${q(role.arn)}}]`;
  if (saml) {
    const { issuer, nameQualifier } = identityCenterSaml(saml);
    const key = hashString(`${role.arn}/saml`);
    return {
      req: `{"sAMLAssertionID":"_${uuidAt(key, session.index, 0)}","roleSessionName":${q(name)},"roleArn":${q(role.arn)},"principalArn":${q(saml)},"durationSeconds":${duration}}`,
      resp: `{"credentials":${creds},"assumedRoleUser":${assumed},"subject":${q(name)},"subjectType":"persistent","issuer":${q(issuer)},"audience":"https://signin.aws.amazon.com/saml","nameQualifier":"${nameQualifier}"}`,
      resources: `,"resources":[{"accountId":"${role.accountId}","type":"AWS::IAM::Role","ARN":${q(role.arn)}},{"accountId":"${role.accountId}","type":"AWS::IAM::SAMLProvider","ARN":${q(saml)}}]`,
    };
  }
  return {
    req: `{"roleArn":${q(role.arn)},"roleSessionName":${q(name)}${role.requestedSeconds === null ? '' : `,"durationSeconds":${role.requestedSeconds}`}}`,
    resp: `{"credentials":${creds},"assumedRoleUser":${assumed}}`,
    resources,
  };
}

/**
 * requestParameters / responseElements of the sts:GetFederationToken call that opened a federated
 * user's `session`, after a real record (DataDog/stratus-red-team, detonation log of
 * aws.persistence.sts-federation-token, 2024-11, eventVersion 1.08): `{name, <session policy>}`
 * in, `{credentials, federatedUser {federatedUserId "<account>:<name>", arn
 * "arn:aws:sts::<account>:federated-user/<name>"}, packedPolicySize}` out, no resources, and an
 * expiration of exactly eventTime + 12 h when no DurationSeconds is sent (STS's default for an
 * IAM user). Members in the STS API's order (GetFederationToken: Name, Policy, PolicyArns,
 * DurationSeconds; result: Credentials, FederatedUser, PackedPolicySize).
 *
 * A federated user without a session policy has no permissions at all ("you must pass an
 * inline or managed session policy", STS API Reference), so the broker always passes one. We
 * pass AWS's managed AmazonGlacierFullAccess as `policyArns` (as broker code does with
 * `PolicyArns=[{"arn": ...}]`), not an inline `policy`: that is a string here but an object in
 * Glacier's SetVaultAccessPolicy records, and one path must keep one JSON type (DuckDB, Athena).
 * packedPolicySize is the packed policies' percentage of the limit; the real record's
 * 84-character inline policy packs to 4, about 21 characters a percent, applied to the ARN [I].
 */
export function federationTokenParts(actor: PlanActor, session: SessionState, region: string, partition: string): OpenedSession {
  const federation = actor.identity.federation!;
  const account = /:sts::(\d{12}):/.exec(actor.identity.callerArn)?.[1] ?? '000000000000';
  const q = JSON.stringify;
  const policyArn = `arn:${partition}:iam::aws:policy/AmazonGlacierFullAccess`;
  const token = sessionToken(actor.name + actor.identity.callerArn, session.index, region, account);
  const creds = `{"accessKeyId":"${actor.identity.accessKey(session.index)}","sessionToken":"${token}","expiration":"${stsExpiration(session.expires)}"}`;
  return {
    req: `{"name":${q(federation.name)},"policyArns":[{"arn":${q(policyArn)}}]}`,
    resp: `{"credentials":${creds},"federatedUser":{"federatedUserId":${q(`${account}:${federation.name}`)},"arn":${q(actor.identity.callerArn)}},"packedPolicySize":${Math.ceil(policyArn.length / 21)}}`,
    resources: '',
  };
}

/** Operation index carried by opener events (unused by their renderer; ListVaults keeps it valid). */
export const OPENER_OP = OP.ListVaults;

/**
 * Records that open credential sessions, in the same realistic format as Glacier records:
 * sts:AssumeRole (by EC2 for instance profiles, or by a caller actor), sts:AssumeRoleWithSAML
 * for IAM Identity Center roles, and signin:ConsoleLogin. The Glacier records of the session
 * then carry the access key and creationDate these records establish.
 */
import { OP } from '../glacier/operations.js';
import type { PlanActor } from '../plan/types.js';
import { hashString, mix32 } from '../random/hash.js';
import { BASE64URL } from '../random/ids.js';
import type { SessionState } from './sessions.js';

/** STS writes expirations Java-style: `Sep 14, 2020, 7:01:26 AM` (real records). */
export function stsExpiration(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]!;
  const h = d.getUTCHours();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${month} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** A session token of the real shape (IQoJb3JpZ2luX2Vj... base64, a few hundred characters). */
export function sessionToken(identityKey: string, session: number): string {
  const key = hashString(`${identityKey}/token`);
  let s = 'IQoJb3JpZ2luX2Vj';
  for (let i = 0; i < 380; i++) s += BASE64URL[mix32(key, session, i) & 63]!.replace('-', '+').replace('_', '/');
  return s + '==';
}

export interface OpenedSession {
  req: string;
  resp: string;
  /** `,"resources":[...]` fragment. */
  resources: string;
}

/** requestParameters / responseElements of the STS call that opened `session` for a role actor. */
export function assumeRoleParts(actor: PlanActor, session: SessionState, saml: string | null): OpenedSession {
  const role = actor.identity.role!;
  const name = role.sessionName(session.index);
  const q = JSON.stringify;
  const duration = session.expires - session.start;
  const creds = `{"accessKeyId":"${actor.identity.accessKey(session.index)}","sessionToken":"${sessionToken(actor.name + role.arn, session.index)}","expiration":"${stsExpiration(session.expires)}"}`;
  const assumed = `{"assumedRoleId":"${role.id}:${name}","arn":${q(role.arn.replace(/:iam::(\d{12}):role\/(?:.*\/)?/, ':sts::$1:assumed-role/') + '/' + name)}}`;
  const resources = `,"resources":[{"accountId":"${role.accountId}","type":"AWS::IAM::Role","ARN":${q(role.arn)}}]`;
  if (saml) {
    const nq = BASE64URL.slice(0, 27);
    return {
      req: `{"sAMLAssertionID":"_${hashString(name + session.index).toString(16)}-${session.index}","roleSessionName":${q(name)},"roleArn":${q(role.arn)},"principalArn":${q(saml)},"durationSeconds":${duration}}`,
      resp: `{"credentials":${creds},"assumedRoleUser":${assumed},"subject":${q(name)},"subjectType":"persistent","issuer":"https://portal.sso.us-east-1.amazonaws.com/saml/assertion/${nq}","audience":"https://signin.aws.amazon.com/saml","nameQualifier":"${nq}="}`,
      resources,
    };
  }
  return {
    req: `{"roleArn":${q(role.arn)},"roleSessionName":${q(name)},"durationSeconds":${duration}}`,
    resp: `{"credentials":${creds},"assumedRoleUser":${assumed}}`,
    resources,
  };
}

/** Operation index carried by opener events (unused by their renderer; ListVaults keeps it valid). */
export const OPENER_OP = OP.ListVaults;

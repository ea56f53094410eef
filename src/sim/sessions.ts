/**
 * Credential sessions per identity, started on first use: the first call after the previous
 * session expired opens a new session at that second, and the session-opening record (STS
 * AssumeRole, AssumeRoleWithSAML for IAM Identity Center roles, or a console sign-in) is
 * emitted just before the call, in the same second. The Glacier records of the session carry
 * creationDate = that time and the access key the STS response returned.
 */
import type { IdentityModel } from '../plan/identity.js';

export interface SessionState {
  index: number;
  start: number;
  expires: number;
}

export class SessionTracker {
  private readonly state = new Map<IdentityModel, SessionState>();
  /** Whether the last `at` opened its session (a flag rather than a result object: `at` runs for every event). */
  fresh = false;

  /** The session in force at `t`; `fresh` tells whether this call opened it. */
  at(identity: IdentityModel, t: number): SessionState {
    const len = identity.sessionSeconds;
    let s = this.state.get(identity);
    if (s && t < s.expires) {
      this.fresh = false;
      return s;
    }
    s = { index: s ? s.index + 1 : 0, start: t, expires: t + len };
    this.state.set(identity, s);
    this.fresh = true;
    return s;
  }
}

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
  /** When the client holds the credentials and makes its first call (set by the simulator). */
  ready: number;
}

export class SessionTracker {
  private readonly state = new Map<IdentityModel, SessionState>();
  /** Whether the last `at` opened its session (a flag rather than a result object: `at` runs for every event). */
  fresh = false;

  /** Whether a call at `t` would open a new session (none yet, or the last one expired). */
  needsOpening(identity: IdentityModel, t: number): boolean {
    if (identity.sessionSeconds <= 0) return false;
    const s = this.state.get(identity);
    return !s || t >= s.expires;
  }

  /** Seconds until the session in force at `t` can be used: 0 once its first call is due. */
  untilReady(identity: IdentityModel, t: number): number {
    const s = this.state.get(identity);
    return s && t < s.ready ? s.ready - t : 0;
  }

  /** Marks when the identity's current session is first used. */
  setReady(identity: IdentityModel, t: number): void {
    const s = this.state.get(identity);
    if (s) s.ready = t;
  }

  /** The identity's current session, if one was opened. */
  current(identity: IdentityModel): SessionState | undefined {
    return this.state.get(identity);
  }

  /**
   * Opens the identity's next session at `t` whether or not the current one expired: an
   * instance profile's credentials refreshed on the instance's schedule (unit.ts).
   */
  renew(identity: IdentityModel, t: number): SessionState {
    const prev = this.state.get(identity);
    const s = { index: prev ? prev.index + 1 : 0, start: t, expires: t + identity.sessionSeconds, ready: t };
    this.state.set(identity, s);
    this.fresh = true;
    return s;
  }

  /** The session in force at `t`; `fresh` tells whether this call opened it. */
  at(identity: IdentityModel, t: number): SessionState {
    const len = identity.sessionSeconds;
    let s = this.state.get(identity);
    if (s && t < s.expires) {
      this.fresh = false;
      return s;
    }
    s = { index: s ? s.index + 1 : 0, start: t, expires: t + len, ready: t };
    this.state.set(identity, s);
    this.fresh = true;
    return s;
  }
}

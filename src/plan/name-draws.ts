/**
 * The names a plan draws from faker (Identity Center session e-mails, vault names), behind one
 * interface so the compiler itself does not import faker. The CLI and library compile with
 * faker (plan/compile.ts); a render worker compiles a render-only copy of the plan that replays
 * the main thread's draws and has no vault seeds (rendering never reads them), so it never
 * loads faker's locale data (measured per worker: ready in ~125 ms instead of ~160 ms, and
 * ~3.4 MB less RSS after imports).
 */
import type { Rng } from '../random/rng.js';

export interface NameDraws {
  /** Session name of an Identity Center user, e.g. `jane.doe@example.com`. */
  sessionEmail(seed: string, accountId: string, actorName: string, domain: string): string;
  /**
   * The namer for a unit's unnamed vaults (plan/vault-names.ts, drawn from the unit's vault stream), or null
   * for a render-only plan, whose units then carry no vault seeds.
   */
  vaultNamer(seed: string, unitKey: string): ((rng: Rng, year: number, region: string) => string) | null;
  /** Every session e-mail drawn so far, by `sessionKey`: what a replay needs. */
  readonly drawn: Record<string, string>;
}

export function sessionKey(accountId: string, actorName: string): string {
  return `${accountId}/${actorName}`;
}

/** Replays session e-mails drawn on another thread; a plan compiled with it has no vault seeds. */
export function replayedNames(drawn: Record<string, string>): NameDraws {
  return {
    drawn,
    sessionEmail: (_seed, accountId, actorName) => {
      const name = drawn[sessionKey(accountId, actorName)];
      if (name === undefined) throw new Error(`no recorded session name for ${sessionKey(accountId, actorName)}: the render-only plan differs from the main plan`);
      return name;
    },
    vaultNamer: () => null,
  };
}

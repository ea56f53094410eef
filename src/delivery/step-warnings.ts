/**
 * Warnings for scripted calls that failed because of the world's state, e.g. a DeleteVault on a
 * vault background activity had just written to. The step asked for no failure (`fail:`), so the
 * incident a user scripted did not happen as written; the records stay as the simulation made
 * them (a real DeleteVault on a non-empty vault fails the same way), and the run says so.
 */
import { OPERATIONS } from '../glacier/operations.js';
import { isoSeconds } from '../scenario/units.js';
import type { SimEvent } from '../sim/event.js';

/**
 * Failures of chance rather than of the world's state: a scripted Expedited retrieval meets
 * InsufficientCapacityException 5% of the time without provisioned capacity (sim/calls.ts), as
 * on AWS; a step cannot avoid it, so it is not worth a warning.
 */
const CHANCE = new Set(['InsufficientCapacityException']);

/** Collects one line per unexpected failure, in event order. */
export class StepWarnings {
  readonly lines: string[] = [];

  /** Notes `ev` if it is a scripted call that failed unexpectedly. */
  note(ev: SimEvent): void {
    if (!ev.unexpectedFailure) return;
    const { errorCode, errorMessage } = JSON.parse(`{${ev.error.slice(1)}}`) as { errorCode?: string; errorMessage?: string };
    if (errorCode && CHANCE.has(errorCode)) return;
    const op = OPERATIONS[ev.op]?.name ?? 'call';
    this.lines.push(
      `warning: scripted step ${ev.step ?? '?'} (${op} at ${isoSeconds(ev.t)}) failed with ${errorCode ?? 'an error'}${errorMessage ? `: ${errorMessage}` : ''}; ` +
        `keep background activity away from the vault (activities[].excludeVaults), or add fail: ${errorCode ?? '<code>'} to the step if the failure is intended`,
    );
  }
}

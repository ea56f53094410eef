/**
 * Terraform runs: `terraform plan` refreshes every resource in its state, then `apply` (some
 * runs) makes the changes, all within seconds to a minute; runs come hours or days apart
 * (CI on merge, an engineer at a desk). The AWS provider's `aws_glacier_vault` read
 * (resourceVaultRead) calls DescribeVault, GetVaultAccessPolicy, GetVaultNotifications and
 * ListTagsForVault; `aws_glacier_vault_lock` reads GetVaultLock
 * (terraform-provider-aws, internal/service/glacier/vault.go and vault_lock.go). The provider
 * refreshes resources in parallel (`-parallelism=10`), so a vault's reads come in the same
 * second or two.
 */
import { OP } from '../glacier/operations.js';
import type { PlanActivity } from '../plan/types.js';
import { hashString } from '../random/hash.js';
import { runOnVault, runOperation, type Call } from './calls.js';
import type { SimEvent } from './event.js';
import type { Vault } from './world.js';

/** What plan's refresh reads for each vault in the state. */
export const TERRAFORM_READS = [OP.DescribeVault, OP.GetVaultAccessPolicy, OP.GetVaultNotifications, OP.ListTagsForVault, OP.GetVaultLock];

const WRITES = new Set<number>([
  OP.CreateVault, OP.DeleteVault, OP.AddTagsToVault, OP.RemoveTagsFromVault,
  OP.SetVaultAccessPolicy, OP.DeleteVaultAccessPolicy, OP.SetVaultNotifications, OP.DeleteVaultNotifications,
  OP.InitiateVaultLock, OP.AbortVaultLock,
]);

/** Share of runs that apply changes; the others are plans with nothing to do (or CI drift checks). */
const APPLY_SHARE = 0.35;

/** Calls a run makes on average (calibrates the run rate to the activity's call rate). */
export function meanRunCalls(actorName: string): number {
  return stateSize(actorName) * 4 + APPLY_SHARE * 1.5;
}

/** Vaults in the actor's Terraform state: 1-4, fixed per actor. */
function stateSize(actorName: string): number {
  return 1 + (hashString(`terraform-state/${actorName}`) % 4);
}

interface Step {
  op: number;
  vault: Vault | undefined;
}

function runStep(c: Call, s: Step): SimEvent | null {
  if (s.op === OP.CreateVault) return runOperation(c, s.op);
  return s.vault ? runOnVault(c, s.op, s.vault) : null;
}

/**
 * One run: the refresh reads of each vault in state (the first vaults of the unit, in creation
 * order, that the activity may touch), then for an apply 1-2 writes from the activity's mix,
 * 5-60 s after the plan. Returns the first call; the rest are scheduled.
 */
export function terraformRun(c: Call, activity: PlanActivity): SimEvent | null {
  const state: Vault[] = [];
  const want = stateSize(c.actor.name);
  for (const v of c.world.vaults) {
    if (state.length >= want) break;
    if (!v.deleted && !(c.avoid && c.avoid.has(v.name))) state.push(v);
  }
  const steps: Array<{ at: number; step: Step }> = [];
  let at = 0;
  for (const vault of state) {
    for (const op of TERRAFORM_READS) steps.push({ at: at + c.rng.range(0, 1), step: { op, vault } });
    at += c.rng.range(0, 2);
  }
  const writes = activity.mixOps.filter((op) => WRITES.has(op));
  if (writes.length > 0 && c.rng.chance(APPLY_SHARE)) {
    at += c.rng.range(5, 60);
    for (let n = c.rng.range(1, 2); n > 0; n--) {
      const op = c.rng.pick(writes);
      steps.push({ at, step: { op, vault: state.length > 0 ? c.rng.pick(state) : undefined } });
      at += c.rng.range(1, 4);
    }
  }
  steps.sort((a, b) => a.at - b.at);
  let first: SimEvent | null = null;
  steps.forEach(({ at: delay, step }, i) => {
    if (i === 0) first = runStep(c, step);
    else c.laterWith(Math.max(delay, 1), runStep, step);
  });
  return first;
}

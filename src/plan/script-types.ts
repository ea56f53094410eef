/** Scripts compiled for the simulator: references resolved to indices, durations to seconds. */

/** A resource reference: a literal name, a `$variable`, or `*` (any existing one). */
export type Ref = { kind: 'name'; name: string } | { kind: 'var'; name: string } | { kind: 'any' };

interface StepBase {
  /** Stable id `script/index[.do/index]`, written to labels.ndjson. */
  id: string;
  labels: string[];
}

export type PlanStep =
  | (StepBase & {
      kind: 'call';
      op: number;
      vault?: Ref;
      archive?: Ref;
      job?: Ref;
      /** Target account index for cross-account calls. */
      account?: number;
      fail?: string;
      /** `expect: failure`: the step is meant to fail from the world's state (no stderr warning when it does). */
      expectFailure?: boolean;
      params?: Record<string, unknown>;
      save?: string;
      count: number;
      /** Seconds between repeated calls and after the call (default: 1-4 s, a tool's pace). */
      every?: number;
      jitter: number;
      /** Keep `every` exact (a timer-driven program) instead of a person's or tool's ±20 %. */
      fixed: boolean;
    })
  | (StepBase & { kind: 'wait'; seconds: number; jitter: number; fixed: boolean })
  | (StepBase & { kind: 'waitFor'; job: string; jitter: number })
  | (StepBase & { kind: 'repeat'; times: number; steps: PlanStep[] })
  | (StepBase & { kind: 'forEach'; over: 'vaults' | 'archives'; vault?: Ref; as: string; limit: number; steps: PlanStep[] })
  | (StepBase & { kind: 'parallel'; branches: PlanStep[][] })
  | (StepBase & { kind: 'switch'; actor: number; region?: string })
  | (StepBase & { kind: 'assume'; actor: number });

export interface PlanScript {
  name: string;
  actor: number;
  start: number;
  region: string;
  labels: string[];
  steps: PlanStep[];
}

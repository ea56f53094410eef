/**
 * V8 young-generation tuning for the CLI, per kind of run (a process-wide V8 flag, so it is
 * set here at the CLI edge and never by the library).
 *
 * Writing S3-layout files keeps the young generation at its initial 1 MB semi-spaces instead
 * of letting V8 grow them to 16 MB. Measured 2026-11-25, 1 M records, two runs each: peak RSS
 * 236-238 MiB instead of 242-248 MiB at the same speed (12.9-13.1 s against 13.3-13.5 s); when
 * events were still buffered as objects it was 300 -> 280 MB. The RSS target at 10 M records
 * is tight, so the files path keeps it.
 *
 * NDJSON is left to V8's default growth: a 1 M-record NDJSON run scavenges 375 times instead
 * of 1,293 and, in interleaved runs on the 2-core VM, took 7.6-8.8 CPU-s to a file against
 * 8.7-12.1 with 1 MB semi-spaces (7.5-7.8 against 9.9 to /dev/null), for 25-30 MB more RSS
 * (~100 -> ~130 MiB).
 */
import { setFlagsFromString } from 'node:v8';

/** Unlike --max-semi-space-size, this flag is read at each scavenge, so setting it at run time takes effect. */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

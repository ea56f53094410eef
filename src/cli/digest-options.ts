/** `--digest`, `--signing-key`, `--tamper` for `generate`: options, checks, and the step run after the log files. */
import type { Argv } from 'yargs';
import type { GenerateSummary } from '../delivery/generate-files.js';
import type { Shard } from '../delivery/shard.js';
import { addIntegrity, checkIntegrityOptions, type IntegrityResult } from '../digest/integrity.js';
import { deriveTestKeyInBackground, loadSigningKey, type SigningKey } from '../digest/signing-key.js';
import { parseTamperList, TAMPER_KINDS, type TamperKind } from '../digest/tamper.js';
import { UsageError } from '../errors.js';
import type { CommandContext } from './context.js';
import { fmt } from './progress.js';

export interface DigestArgs {
  digest: boolean;
  'signing-key'?: string;
  tamper?: string;
  quiet: boolean;
  'gzip-level': number;
}

export function digestOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option('digest', { type: 'boolean', default: false, describe: 'Also write signed hourly digest files (CloudTrail-Digest/); the public key and the signatures (S3 metadata) go to <out>.trailsmith/' })
    .option('signing-key', { type: 'string', describe: 'PEM RSA private key (PKCS#1 or PKCS#8) that signs the digests; default: a test key derived from the seed' })
    .option('tamper', { type: 'string', describe: `Inject integrity faults after signing, recorded in the labels file: ${TAMPER_KINDS.join(', ')} (comma-separated; needs --digest)` });
}

export interface DigestPlan {
  tamper: TamperKind[];
  /** Loaded before any log file is written, so a bad key file fails fast. */
  key?: SigningKey;
  shard?: Shard;
}

/** Checks the flags (UsageError on contradictions) and loads --signing-key, before anything is written. */
export async function prepareDigests(args: DigestArgs, format: string, shard?: Shard): Promise<DigestPlan> {
  // `--signing-key` followed by nothing (or by another option) parses as '': never fall back silently to the test key.
  if (args['signing-key'] !== undefined && String(args['signing-key']).trim() === '') throw new UsageError('--signing-key needs a file: --signing-key key.pem');
  const tamper = args.tamper !== undefined ? parseTamperList(args.tamper) : [];
  checkIntegrityOptions(args.digest, { signingKey: args['signing-key'], tamper, shard });
  if (args.digest && format !== 's3') throw new UsageError('--digest applies to --format s3 only');
  const key = args.digest && args['signing-key'] ? await loadSigningKey(args['signing-key']) : undefined;
  return { tamper, key, shard };
}

/**
 * Without --signing-key, starts deriving the seed's test key on a worker thread now, so it
 * overlaps with log generation. The seed is the plan's root seed (compilePlan: option, else the
 * scenario's, else 1); a wrong guess only costs the overlap, addIntegrity derives by plan.seed.
 */
export function startKeyDerivation(plan: DigestPlan, seed: string | number | undefined): void {
  if (!plan.key) deriveTestKeyInBackground(String(seed ?? 1)).catch(() => undefined);
}

export async function runDigests(ctx: CommandContext, summary: GenerateSummary, args: DigestArgs, plan: DigestPlan): Promise<IntegrityResult> {
  const started = ctx.io.now();
  const result = await addIntegrity(summary, { key: plan.key, tamper: plan.tamper, gzipLevel: args['gzip-level'], shard: plan.shard });
  if (result.keySource === 'seed') {
    ctx.io.stderr.write(`trailsmith: note: digests are signed with a test key derived from the seed (RSA-2048; waited ${Math.round(result.keyMs)} ms for it after the log files); anyone with the seed can recompute it. Pass --signing-key key.pem for a private key.\n`);
  }
  if (!args.quiet) {
    const s = (ctx.io.now() - started) / 1000;
    ctx.io.stdout.write(`digests: ${fmt(result.digests.length)} signed digest files, public key ${result.publicKeyFile}, in ${s.toFixed(2)} s\n`);
    for (const t of result.tampered) ctx.io.stdout.write(`tampered: ${t.tamper} ${t.key}\n`);
  }
  return result;
}

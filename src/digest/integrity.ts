/**
 * Composes digests and tampering onto a finished generate run: the log writer knows nothing of
 * digests, it only reports what it delivered (`summary.delivered`).
 */
import type { GenerateSummary } from '../delivery/generate-files.js';
import type { Shard } from '../delivery/shard.js';
import { UsageError } from '../errors.js';
import { deriveTestKeyInBackground, loadSigningKey, type SigningKey } from './signing-key.js';
import { applyTampers, type TamperKind, type TamperLabel } from './tamper.js';
import { writeDigests, type DigestSummary } from './write.js';

export interface IntegrityOptions {
  /** Path of a PEM RSA private key; without it (or `key`) a test key is derived from the seed. */
  signingKey?: string;
  /** An already loaded key; takes precedence over `signingKey`. */
  key?: SigningKey;
  tamper?: readonly TamperKind[];
  gzipLevel?: number;
  shard?: Shard;
}

export interface IntegrityResult extends DigestSummary {
  /** `seed` when the key was derived from the seed, else the key file's path. */
  keySource: string;
  /** Time spent waiting for the key after the log files were written, ms (derivation may overlap generation). */
  keyMs: number;
  tampered: TamperLabel[];
}

/** Resolves the signing key: file, or derived from the seed (cached per seed in-process). */
export async function resolveSigningKey(seed: string, path?: string): Promise<SigningKey> {
  return path ? loadSigningKey(path) : deriveTestKeyInBackground(seed);
}

/** Rejects flag combinations that cannot work, before any file is written. */
export function checkIntegrityOptions(digest: boolean, options: IntegrityOptions): void {
  if (!digest && options.signingKey) throw new UsageError('--signing-key needs --digest');
  if (!digest && options.tamper?.length) throw new UsageError('--tamper needs --digest (faults are defined against signed digests)');
  if (options.tamper?.length && options.shard && options.shard.count > 1) throw new UsageError('--tamper cannot be combined with --shard: targets are drawn from the whole tree');
}

export async function addIntegrity(summary: GenerateSummary, options: IntegrityOptions, now: () => number = () => performance.now()): Promise<IntegrityResult> {
  const { plan } = summary;
  const t0 = now();
  const key = options.key ?? (await resolveSigningKey(plan.seed, options.signingKey));
  const keyMs = now() - t0;
  const digests = await writeDigests({
    out: summary.out, sidecar: summary.sidecar, seed: plan.seed, trail: plan.trail, units: plan.units, start: plan.start, end: plan.end,
    delivered: summary.delivered, signingKey: key, gzipLevel: options.gzipLevel, shard: options.shard,
  });
  const tampered = options.tamper?.length
    ? await applyTampers(options.tamper, { out: summary.out, sidecar: summary.sidecar, labelsFile: summary.labelsFile, seed: plan.seed, delivered: summary.delivered, digests: digests.digests, gzipLevel: options.gzipLevel })
    : [];
  return { ...digests, keySource: key.source, keyMs, tampered };
}

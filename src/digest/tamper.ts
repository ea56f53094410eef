/**
 * `--tamper`: integrity faults injected on purpose after the digests are signed, so users can
 * test their own monitoring. Targets are drawn from the seed (one stream per kind, no target
 * used twice), so the same run tampers the same objects. Each fault becomes one line of the
 * labels file (`<out>.trailsmith/labels.ndjson`), e.g. `{"tamper":"delete-log","key":"AWSLogs/..."}`.
 */
import { readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { gzipBody } from '../delivery/gzip.js';
import type { DeliveredLogFile } from '../delivery/types.js';
import { AtomicWriter } from '../delivery/writer.js';
import { describeFsError, UsageError } from '../errors.js';
import { ALNUM } from '../random/ids.js';
import { Rng } from '../random/rng.js';
import { metadataEntry } from '../sidecar.js';
import type { DigestMetadata, WrittenDigest } from './types.js';

/** In the order they are applied (fixed, so `--tamper a,b` and `b,a` tamper the same objects). */
export const TAMPER_KINDS = ['modify-record', 'delete-log', 'insert-log', 'break-chain', 'bad-signature'] as const;
export type TamperKind = (typeof TAMPER_KINDS)[number];

export const TAMPER_HELP: Record<TamperKind, string> = {
  'modify-record': 'change one field of one record in a log file (its hash no longer matches the digest)',
  'delete-log': 'delete a log file that a digest lists',
  'insert-log': 'add a forged log file that no digest lists (the AWS CLI does not notice; trailsmith verify does)',
  'break-chain': 'delete a digest (and its metadata) in the middle of a chain',
  'bad-signature': 'replace a digest\'s signature metadata with a wrong one',
};

export interface TamperLabel {
  tamper: TamperKind;
  key: string;
  [detail: string]: string;
}

export function parseTamperList(text: string): TamperKind[] {
  const kinds = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const k of kinds) {
    if (!(TAMPER_KINDS as readonly string[]).includes(k)) throw new UsageError(`--tamper ${k}: unknown kind; expected one or more of ${TAMPER_KINDS.join(', ')}`);
  }
  if (kinds.length === 0) throw new UsageError('--tamper: name at least one kind');
  return [...new Set(kinds as TamperKind[])];
}

export interface TamperInput {
  out: string;
  /** Holds the signature metadata (`s3-metadata/<key>.json`). */
  sidecar: string;
  /** Labels file the faults are appended to. */
  labelsFile: string;
  seed: string;
  delivered: readonly DeliveredLogFile[];
  digests: readonly WrittenDigest[];
  gzipLevel?: number;
}

export async function applyTampers(kinds: readonly TamperKind[], input: TamperInput): Promise<TamperLabel[]> {
  const writer = new AtomicWriter(input.out);
  const usedLogs = new Set<string>();
  const usedDigests = new Set<string>();
  const labels: TamperLabel[] = [];
  const logCandidates = (): DeliveredLogFile[] => input.delivered.filter((f) => f.records > 0 && !usedLogs.has(f.key));
  // A digest is a clean target when no other fault touched it or the logs it lists.
  const digestCandidates = (pred: (d: WrittenDigest) => boolean): WrittenDigest[] =>
    input.digests.filter((d) => pred(d) && !usedDigests.has(d.key) && !d.logFiles.some((k) => usedLogs.has(k)));
  for (const kind of TAMPER_KINDS.filter((k) => kinds.includes(k))) {
    const rng = Rng.for(input.seed, 'tamper', kind);
    const need = (n: number, what: string): void => {
      if (n === 0) throw new UsageError(`--tamper ${kind}: no ${what} to tamper with; generate more data (longer --duration or more --records)`);
    };
    if (kind === 'modify-record' || kind === 'delete-log' || kind === 'insert-log') {
      const candidates = logCandidates();
      need(candidates.length, 'log file');
      const file = rng.pick(candidates);
      usedLogs.add(file.key);
      if (kind === 'delete-log') {
        await removeFile(input.out, file.key);
        labels.push({ tamper: kind, key: file.key });
        continue;
      }
      const { body, eventID, field, from, to } = await modifyOneRecord(input.out, file.key, rng);
      const key = kind === 'modify-record' ? file.key : file.key.replace(/_[A-Za-z0-9]{16}\.json\.gz$/, `_${rng.chars(ALNUM, 16)}.json.gz`);
      await writer.write(key, await gzipBody(body, input.gzipLevel));
      labels.push(kind === 'modify-record' ? { tamper: kind, key, eventID, field, from, to } : { tamper: kind, key, copiedFrom: file.key, eventID, field, from, to });
    } else if (kind === 'break-chain') {
      // Only a digest with a successor breaks the chain: deleting the newest is not detectable from the chain.
      const candidates = digestCandidates((d) => d.index < d.chainLength - 1);
      need(candidates.length, 'digest with a successor (a chain of at least 2 digests)');
      const d = rng.pick(candidates);
      usedDigests.add(d.key);
      await removeFile(input.out, d.key);
      await removeFile(input.sidecar, metadataEntry(d.key));
      labels.push({ tamper: kind, key: d.key });
    } else {
      const candidates = digestCandidates(() => true);
      need(candidates.length, 'digest');
      const d = rng.pick(candidates);
      usedDigests.add(d.key);
      const wrong = rng.chars('0123456789abcdef', d.signature.length);
      const metadata: DigestMetadata = { signature: wrong, 'signature-algorithm': 'SHA256withRSA' };
      await new AtomicWriter(input.sidecar).write(metadataEntry(d.key), JSON.stringify(metadata));
      labels.push({ tamper: kind, key: d.key });
    }
  }
  await appendLabels(input.labelsFile, labels);
  return labels;
}

/** Changes the sourceIPAddress of one record to a TEST-NET-3 address; returns the new body. */
async function modifyOneRecord(root: string, key: string, rng: Rng): Promise<{ body: string; eventID: string; field: string; from: string; to: string }> {
  const path = join(root, key);
  const doc = JSON.parse(gunzipSync(await readFile(path)).toString('utf8')) as { Records: Array<Record<string, unknown>> };
  const record = rng.pick(doc.Records);
  const from = String(record.sourceIPAddress);
  let to = `203.0.113.${rng.range(1, 254)}`;
  if (to === from) to = '203.0.113.255';
  record.sourceIPAddress = to;
  return { body: JSON.stringify(doc), eventID: String(record.eventID), field: 'sourceIPAddress', from, to };
}

async function removeFile(root: string, key: string): Promise<void> {
  try {
    await rm(join(root, key));
  } catch (err) {
    throw describeFsError(err, join(root, key));
  }
}

/** The labels file already holds the scenario's labelled records; tamper lines are appended. */
async function appendLabels(file: string, labels: readonly TamperLabel[]): Promise<void> {
  if (labels.length === 0) return;
  let existing = '';
  try {
    existing = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw describeFsError(err, file);
  }
  await new AtomicWriter(dirname(file)).write(basename(file), existing + labels.map((l) => JSON.stringify(l)).join('\n') + '\n');
}

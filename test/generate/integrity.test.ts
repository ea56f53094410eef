/**
 * Referential integrity of the simulated world, checked from the records alone: successful
 * calls only reference resources that exist at that moment, and multi-step flows keep order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFiles } from '../../src/index.js';
import { readLogFiles, removeDir, tempDir } from '../helpers/tree.js';

const ALL_OPS = new URL('../../examples/all-operations.scenario.yaml', import.meta.url).pathname;
type R = Record<string, unknown> & { requestParameters: Record<string, unknown>; responseElements: Record<string, string> | null };
let out = '';
let records: R[] = [];
beforeAll(async () => {
  out = await tempDir();
  await generateFiles(ALL_OPS, { out, duration: '36h' });
  records = (await readLogFiles(out)).flatMap((f) => f.records as R[]).filter((r) => r.eventSource === 'glacier.amazonaws.com').sort((a, b) => ((a.eventTime as string) < (b.eventTime as string) ? -1 : a.eventTime === b.eventTime ? 0 : 1));
});
afterAll(() => removeDir(out));

const ok = (r: R): boolean => r.errorCode === undefined;
const vaultKey = (r: R): string => `${r.recipientAccountId as string}/${r.awsRegion as string}/${r.requestParameters.vaultName as string}`;

describe('stateful world', () => {
  it('exercises all 33 operations successfully', () => {
    expect(new Set(records.filter(ok).map((r) => r.eventName)).size).toBe(33);
  });

  it('never succeeds on a vault after it was deleted (unless re-created)', () => {
    const deleted = new Map<string, string>();
    for (const r of records) {
      if (!r.requestParameters?.vaultName) continue;
      const k = vaultKey(r);
      if (ok(r) && r.eventName === 'CreateVault') deleted.delete(k);
      else if (ok(r) && deleted.has(k)) throw new Error(`${r.eventName as string} on ${k} after DeleteVault at ${deleted.get(k)}`);
      if (ok(r) && r.eventName === 'DeleteVault') deleted.set(k, r.eventTime as string);
    }
  });

  it('fetches job output only after the job was initiated and had time to complete', () => {
    const jobs = new Map<string, { at: number; tier: string }>();
    let fetched = 0;
    for (const r of records) {
      const t = Date.parse(r.eventTime as string);
      if (ok(r) && r.eventName === 'InitiateJob') {
        const params = r.requestParameters.jobParameters as { tier?: string };
        jobs.set(r.responseElements!.jobId!, { at: t, tier: params.tier ?? 'Standard' });
      }
      if (ok(r) && (r.eventName === 'GetJobOutput' || r.eventName === 'DescribeJob')) {
        const job = jobs.get(r.requestParameters.jobId as string);
        expect(job, `${r.eventName as string} for unknown job`).toBeDefined();
        if (r.eventName === 'GetJobOutput') {
          fetched++;
          expect(t - job!.at).toBeGreaterThanOrEqual(job!.tier === 'Expedited' ? 60_000 : 3 * 3600_000);
        }
      }
    }
    expect(fetched).toBeGreaterThan(5);
  });

  it('uploads multipart parts with contiguous ranges and completes with the summed size', () => {
    const uploads = new Map<string, { partSize: number; next: number }>();
    let completed = 0;
    for (const r of records.filter(ok)) {
      const p = r.requestParameters;
      if (r.eventName === 'InitiateMultipartUpload') uploads.set(r.responseElements!.uploadId!, { partSize: Number(p.partSize), next: 0 });
      if (r.eventName === 'UploadMultipartPart') {
        const u = uploads.get(p.uploadId as string)!;
        expect(u).toBeDefined();
        const m = /^bytes (\d+)-(\d+)\/\*$/.exec(p.range as string)!;
        expect(Number(m[1])).toBe(u.next);
        expect(Number(m[2]) - Number(m[1]) + 1).toBeLessThanOrEqual(u.partSize);
        u.next = Number(m[2]) + 1;
      }
      if (r.eventName === 'CompleteMultipartUpload') {
        const u = uploads.get(p.uploadId as string)!;
        expect(Number(p.archiveSize)).toBe(u.next);
        uploads.delete(p.uploadId as string);
        completed++;
      }
      if (r.eventName === 'AbortMultipartUpload') uploads.delete(p.uploadId as string);
    }
    expect(completed).toBeGreaterThan(3);
  });

  it('deletes only archives that were uploaded or pre-existed, and each at most once', () => {
    const deleted = new Set<string>();
    for (const r of records.filter(ok)) {
      if (r.eventName === 'DeleteArchive') {
        const id = r.requestParameters.archiveId as string;
        expect(deleted.has(id)).toBe(false);
        deleted.add(id);
      }
    }
    expect(deleted.size).toBeGreaterThan(3);
  });

  it('completes a vault lock with the lockId it was given, within 24 hours', () => {
    const locks = new Map<string, number>();
    let completed = 0;
    for (const r of records.filter(ok)) {
      if (r.eventName === 'InitiateVaultLock') locks.set(r.responseElements!.lockId!, Date.parse(r.eventTime as string));
      if (r.eventName === 'CompleteVaultLock') {
        const at = locks.get(r.requestParameters.lockId as string);
        expect(at).toBeDefined();
        expect(Date.parse(r.eventTime as string) - at!).toBeLessThan(24 * 3600_000);
        completed++;
      }
    }
    expect(completed).toBeGreaterThan(0);
  });

  it('fails with realistic errors and null responseElements', () => {
    const failed = records.filter((r) => !ok(r));
    expect(failed.length).toBeGreaterThan(20);
    const codes = new Set(failed.map((r) => r.errorCode));
    for (const c of ['AccessDenied', 'ResourceNotFoundException', 'ThrottlingException']) expect(codes).toContain(c);
    for (const r of failed) {
      expect(r.responseElements).toBeNull();
      expect(typeof r.errorMessage).toBe('string');
    }
  });
});

/** Independent checks of what `generate` writes: keys, gzip, envelope, field formats, order. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFiles } from '../../src/index.js';
import { readLogFiles, removeDir, tempDir, type LogFile } from '../helpers/tree.js';

const TINY = new URL('../fixtures/scenarios/tiny.scenario.yaml', import.meta.url).pathname;
const KEY = /^AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/\1_CloudTrail_\2_(\d{8})T(\d{2})(\d{2})Z_[A-Za-z0-9]{16}\.json\.gz$/;
const TOP_ORDER = ['eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent', 'errorCode', 'errorMessage', 'requestParameters', 'responseElements', 'additionalEventData', 'requestID', 'eventID', 'readOnly', 'resources', 'eventType', 'managementEvent', 'recipientAccountId', 'sharedEventID', 'eventCategory', 'tlsDetails', 'sessionCredentialFromConsole'];

let out = '';
let files: LogFile[] = [];
beforeAll(async () => {
  out = await tempDir();
  await generateFiles(TINY, { seed: 77, out });
  files = await readLogFiles(out);
});
afterAll(() => removeDir(out));

describe('generated log files', () => {
  it('use the CloudTrail key layout with stamps after every event they hold', () => {
    expect(files.length).toBeGreaterThan(20);
    const minutes = new Set<number>();
    for (const f of files) {
      const m = KEY.exec(f.key);
      expect(m, f.key).not.toBeNull();
      const [, acct, region, y, mo, d, ymd, hh, mm] = m!;
      expect(`${y}${mo}${d}`).toBe(ymd);
      // Stamps fall on any minute (delivery/windows.ts), not only on the 5-minute clock.
      minutes.add(Number(mm) % 5);
      const stamp = Date.UTC(+y!, +mo! - 1, +d!, +hh!, +mm!) / 1000;
      for (const r of f.records) {
        expect(r.recipientAccountId).toBe(acct);
        expect(r.awsRegion).toBe(region);
        expect(Date.parse(r.eventTime as string) / 1000).toBeLessThan(stamp);
      }
    }
    expect(minutes.size).toBeGreaterThan(1);
  });

  it('are single gzip members holding compact {"Records":[...]}', async () => {
    for (const f of files.slice(0, 20)) {
      const bytes = await readFile(join(out, f.key));
      expect(bytes.subarray(0, 10).toString('hex')).toBe('1f8b0800000000000003');
      const { gunzipSync, inflateRawSync } = await import('node:zlib');
      const body = gunzipSync(bytes).toString();
      expect(body.startsWith('{"Records":[{"eventVersion":"')).toBe(true);
      expect(body).not.toMatch(/\n|": /);
      // One member: the deflate stream ends exactly 8 bytes (CRC32 + ISIZE) before the file end.
      expect(() => inflateRawSync(bytes.subarray(10, bytes.length - 8))).not.toThrow();
    }
  });

  it('hold records in imperfect time order somewhere, as CloudTrail does', () => {
    const unordered = files.some((f) => f.records.some((r, i) => i > 0 && (r.eventTime as string) < (f.records[i - 1]!.eventTime as string)));
    expect(unordered).toBe(true);
  });

  it('write fields in the real order with the documented formats', () => {
    const ids = new Set<string>();
    for (const r of files.flatMap((f) => f.records)) {
      const keys = Object.keys(r);
      const positions = keys.map((k) => TOP_ORDER.indexOf(k));
      expect(positions.every((p) => p >= 0), keys.join()).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(r.eventVersion).toBe('1.11');
      expect(r.eventTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(r.eventID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(ids.has(r.eventID as string)).toBe(false);
      ids.add(r.eventID as string);
      const glacier = r.eventSource === 'glacier.amazonaws.com';
      if (glacier) expect(r.requestID).toMatch(/^[A-Za-z0-9_-]{47}$/);
      else expect(['sts.amazonaws.com', 'signin.amazonaws.com']).toContain(r.eventSource);
      expect(typeof r.readOnly).toBe('boolean');
      expect(r.managementEvent).toBe(true);
      expect(r.eventCategory).toBe('Management');
      if (r.errorCode) expect(r.responseElements).toBeNull();
      const ui = r.userIdentity as Record<string, unknown>;
      if (ui.invokedBy) {
        // The EC2 service opening instance-profile sessions, or a service assuming its service-linked
        // role (STS records), or service automation as that assumed role (Glacier records).
        expect(ui.type).toBe(r.eventSource === 'sts.amazonaws.com' ? 'AWSService' : 'AssumedRole');
        const service = ui.invokedBy as string;
        expect(['support.amazonaws.com', 'ec2.amazonaws.com']).toContain(service);
        expect(r.sourceIPAddress).toBe(service);
        expect(r.userAgent).toBe(service);
        expect(r.tlsDetails).toBeUndefined();
      } else if (r.sourceIPAddress !== 'ec2.amazonaws.com') {
        expect(r.sourceIPAddress).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
        if (r.eventName === 'ConsoleLogin') expect(ui.accessKeyId).toBe('');
        else if (ui.type !== 'SAMLUser') expect(ui.accessKeyId).toMatch(/^(AKIA|ASIA)[A-Z2-7]{16}$/);
      }
      if (ui.type === 'IAMUser') expect(ui.principalId).toMatch(/^AIDA[A-Z2-7]{17}$/);
      if (ui.type === 'AssumedRole') expect(ui.principalId).toMatch(/^AROA[A-Z2-7]{17}:/);
      const attrs = (ui.sessionContext as { attributes?: Record<string, unknown> } | undefined)?.attributes;
      if (attrs) {
        expect(attrs.mfaAuthenticated).toMatch(/^(true|false)$/);
        expect(attrs.creationDate as string <= (r.eventTime as string)).toBe(true);
      }
      if (ui.type === 'Root' && glacier) {
        expect(r.sessionCredentialFromConsole).toBe('true');
        expect(r.userAgent).toMatch(/^Mozilla\/5\.0/);
      }
    }
  });

  it('gives Glacier ids their real lengths and alphabets', () => {
    for (const r of files.flatMap((f) => f.records).filter((x) => x.eventSource === 'glacier.amazonaws.com')) {
      const req = r.requestParameters as Record<string, unknown>;
      const resp = r.responseElements as Record<string, string> | null;
      if (req.archiveId) expect(req.archiveId).toMatch(/^[A-Za-z0-9_-]{138}$/);
      if (req.jobId) expect(req.jobId).toMatch(/^[A-Za-z0-9_-]{92}$/);
      if (req.uploadId) expect(req.uploadId).toMatch(/^[A-Za-z0-9_-]{92}$/);
      if (req.lockId) expect(req.lockId).toMatch(/^[A-Za-z0-9]{24}$/);
      if (req.checksum) expect(req.checksum).toMatch(/^[0-9a-f]{64}$/);
      if (resp?.location) expect(resp.location.startsWith(`/${r.recipientAccountId as string}/vaults/`)).toBe(true);
      if (resp?.capacityId) expect(resp.capacityId).toMatch(/^[A-Za-z0-9]{24}$/);
    }
  });
});

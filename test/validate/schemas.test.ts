/**
 * The schema files on their own: they compile with a plain Ajv 2020 instance in strict mode
 * (relative $refs resolve by $id), the Glacier profile covers the 33 operations of the
 * reference, and the digest schema matches the field list of the reference (section 4.2).
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { validateDigest } from '../../src/validate/index.js';
import { glacierRecord, realRecords } from './helpers.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const SCHEMAS = new URL('../../schemas/', import.meta.url).pathname;
const REFERENCE = new URL('../fixtures/reference/glacier-operations.json', import.meta.url).pathname;
const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(`${SCHEMAS}${name}.schema.json`, 'utf8')) as Record<string, unknown>;

function standalone(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  for (const n of ['cloudtrail-record', 'glacier-profile', 'cloudtrail-log-file', 'digest']) ajv.addSchema(load(n));
  return ajv;
}

const digest = {
  awsAccountId: '111122223333',
  digestStartTime: '2025-03-04T08:01:31Z',
  digestEndTime: '2025-03-04T09:01:31Z',
  digestS3Bucket: 'my-trail-bucket',
  digestS3Object: 'AWSLogs/111122223333/CloudTrail-Digest/us-west-2/2025/03/04/111122223333_CloudTrail-Digest_us-west-2_main_us-west-2_20250304T090131Z.json.gz',
  digestPublicKeyFingerprint: '31e8b5433410dfb61a9dc45cc65b22ff',
  digestSignatureAlgorithm: 'SHA256withRSA',
  newestEventTime: '2025-03-04T09:00:02Z',
  oldestEventTime: '2025-03-04T08:52:10Z',
  previousDigestS3Bucket: null,
  previousDigestS3Object: null,
  previousDigestHashValue: null,
  previousDigestHashAlgorithm: null,
  previousDigestSignature: null,
  logFiles: [{
    s3Bucket: 'my-trail-bucket',
    s3Object: 'AWSLogs/111122223333/CloudTrail/us-west-2/2025/03/04/111122223333_CloudTrail_us-west-2_20250304T0905Z_Mu0KsOhtH1ar15ZZ.json.gz',
    hashValue: '983776f0726f02d09c99701ac6b64dc8ce86abe867cd3000fedc9d5c0b9d74e6',
    hashAlgorithm: 'SHA-256',
    newestEventTime: '2025-03-04T09:00:02Z',
    oldestEventTime: '2025-03-04T08:52:10Z',
  }],
};

describe('schemas, standalone', () => {
  it('compile with a plain strict Ajv 2020 and agree with trailsmith on real and generated records', () => {
    const ajv = standalone();
    const profile = ajv.getSchema('https://trailsmith.dev/schemas/glacier-profile.schema.json')!;
    const logFile = ajv.getSchema('https://trailsmith.dev/schemas/cloudtrail-log-file.schema.json')!;
    const records = realRecords().map((r) => r.record);
    for (const r of records) expect(profile(r), JSON.stringify(profile.errors)).toBe(true);
    expect(logFile({ Records: [...records, glacierRecord()] })).toBe(true);
    expect(logFile({ Records: [], extra: 1 })).toBe(false);
    expect(profile({ ...glacierRecord(), eventTime: '2025-13-01T00:00:00Z' })).toBe(false);
    expect(ajv.getSchema('https://trailsmith.dev/schemas/digest.schema.json')!(digest)).toBe(true);
  });

  it('declare draft 2020-12 and an $id each', () => {
    for (const n of ['cloudtrail-record', 'glacier-profile', 'cloudtrail-log-file', 'digest']) {
      const s = load(n);
      expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(s.$id).toBe(`https://trailsmith.dev/schemas/${n}.schema.json`);
    }
  });

  it('the Glacier profile has request and response shapes for all 33 operations of the reference', () => {
    const ref = JSON.parse(readFileSync(REFERENCE, 'utf8')) as { operations: Array<{ name: string; readOnly: boolean; requestParameters: Array<{ cloudTrailName: string; required?: boolean }>; responseElements: string[] | null }> };
    const defs = load('glacier-profile').$defs as Record<string, { properties: Record<string, { const?: unknown; required?: string[]; properties?: Record<string, unknown>; type?: string }> }>;
    expect(ref.operations).toHaveLength(33);
    for (const op of ref.operations) {
      const d = defs[op.name];
      expect(d, op.name).toBeDefined();
      expect(d!.properties.readOnly!.const).toBe(op.readOnly);
      expect(Object.keys(d!.properties.requestParameters!.properties!).sort()).toEqual(op.requestParameters.map((m) => m.cloudTrailName).sort());
      expect(d!.properties.requestParameters!.required).toEqual(op.requestParameters.filter((m) => m.required).map((m) => m.cloudTrailName));
      // Inferred shapes sit under `then` (null is accepted too); CreateVault's confirmed one is direct.
      const resp = d!.properties.responseElements as { properties?: Record<string, unknown>; then?: { properties: Record<string, unknown> } };
      if (op.responseElements) expect(Object.keys((resp.then ?? resp).properties!).sort()).toEqual([...op.responseElements].sort());
      else expect(d!.properties.responseElements!.type).toBe('null');
    }
  });

  it('the digest schema lists the fields of reference section 4.2, in order', () => {
    const s = load('digest') as { required: string[]; properties: Record<string, unknown> };
    const order = ['awsAccountId', 'digestStartTime', 'digestEndTime', 'digestS3Bucket', 'digestS3Object', 'digestPublicKeyFingerprint', 'digestSignatureAlgorithm', 'newestEventTime', 'oldestEventTime', 'previousDigestS3Bucket', 'previousDigestS3Object', 'previousDigestHashValue', 'previousDigestHashAlgorithm', 'previousDigestSignature', 'logFiles'];
    expect(Object.keys(s.properties)).toEqual(order);
    expect(s.required).toEqual(order);
  });
});

describe('digest documents', () => {
  it('accepts a starting digest and one with a previous link', () => {
    expect(validateDigest(digest).errors).toEqual([]);
    const linked = { ...digest, previousDigestS3Bucket: 'my-trail-bucket', previousDigestS3Object: digest.digestS3Object.replace('090131Z', '080131Z'), previousDigestHashValue: 'a'.repeat(64), previousDigestHashAlgorithm: 'SHA-256', previousDigestSignature: 'ab'.repeat(256) };
    expect(validateDigest(linked).errors).toEqual([]);
  });

  it.each([
    ['awsAccountId', { awsAccountId: '1111' }],
    ['digestEndTime', { digestEndTime: '2025-03-04 09:01:31' }],
    ['digestPublicKeyFingerprint', { digestPublicKeyFingerprint: 'XYZ' }],
    ['digestSignatureAlgorithm', { digestSignatureAlgorithm: 'SHA1withRSA' }],
    ['logFiles/0/hashValue', { logFiles: [{ ...digest.logFiles[0], hashValue: 'ABC' }] }],
    ['logFiles/0/hashAlgorithm', { logFiles: [{ ...digest.logFiles[0], hashAlgorithm: 'MD5' }] }],
    ['previousDigestS3Object', { previousDigestSignature: 'ab'.repeat(256) }],
    ['digestStartTime', { digestStartTime: '2025-03-04T10:00:00Z' }],
    ['newestEventTime', { logFiles: [] }],
    ['logFiles', { logFiles: 'none' }],
  ])('rejects a bad %s', (path, patch) => {
    const r = validateDigest({ ...digest, ...patch });
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.path)).toContain(`/${path}`);
  });
});

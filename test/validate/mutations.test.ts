/**
 * Mutation suite: take valid records (real ones of each identity type, an Insight event, a
 * Glacier call) and break one rule at a time. Each mutant must be rejected, with an error at the
 * pointer of the broken field: by default when it breaks a guarantee, and under --strict (with a
 * warning at that pointer by default) when it breaks a regularity that genuine records are known
 * to break (the schemas' rules whose $comment starts with "Warning").
 */
import { describe, expect, it } from 'vitest';
import { validateRecord } from '../../src/validate/index.js';
import { clone, glacierRecord, realRecords } from './helpers.js';

type Rec = Record<string, unknown>;
type Ident = Record<string, unknown>;

const real = realRecords().map((r) => r.record);
const byIdentity = (t: string): Rec => real.find((r) => (r.userIdentity as Ident | undefined)?.type === t && r.eventType === 'AwsApiCall')!;
const bases: Record<string, Rec> = {
  iamUser: byIdentity('IAMUser'),
  assumedRole: real.find((r) => (r.userIdentity as Ident | undefined)?.type === 'AssumedRole' && (r.userIdentity as Ident).sessionContext)!,
  root: real.find((r) => (r.userIdentity as Ident | undefined)?.type === 'Root')!,
  awsService: real.find((r) => (r.userIdentity as Ident | undefined)?.type === 'AWSService')!,
  insight: real.find((r) => r.eventType === 'AwsCloudTrailInsight')!,
  glacier: glacierRecord(),
};

interface Mutant {
  name: string;
  path: string;
  apply: (r: Rec) => void;
  /** Bases it applies to (default: every base that has the field). */
  only?: string[];
  /** Breaks a regularity, not a guarantee: a warning by default, rejected under --strict. */
  regularity?: true;
}

const set = (path: string, value: unknown) => (r: Rec): void => {
  const parts = path.split('/').slice(1);
  let o = r as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) o = o[p] as Record<string, unknown>;
  o[parts[parts.length - 1]!] = value;
};
const drop = (path: string) => (r: Rec): void => {
  const parts = path.split('/').slice(1);
  let o = r as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) o = o[p] as Record<string, unknown>;
  delete o[parts[parts.length - 1]!];
};
const has = (r: Rec, path: string): boolean => {
  let o: unknown = r;
  for (const p of path.split('/').slice(1)) {
    if (o === null || typeof o !== 'object' || !(p in (o as object))) return false;
    o = (o as Record<string, unknown>)[p];
  }
  return true;
};

const REQUIRED_ALWAYS = ['eventVersion', 'eventTime', 'eventID', 'eventType', 'awsRegion', 'recipientAccountId'];
const REQUIRED_UNLESS_INSIGHT = ['userIdentity', 'eventSource', 'eventName', 'sourceIPAddress', 'requestParameters', 'responseElements'];
const NOT_INSIGHT = ['iamUser', 'assumedRole', 'root', 'awsService', 'glacier'];

const mutants: Mutant[] = [
  ...REQUIRED_ALWAYS.map((f): Mutant => ({ name: `drop ${f}`, path: `/${f}`, apply: drop(`/${f}`) })),
  ...REQUIRED_UNLESS_INSIGHT.map((f): Mutant => ({ name: `drop ${f}`, path: `/${f}`, apply: drop(`/${f}`), only: NOT_INSIGHT })),
  { name: 'drop insightDetails', path: '/insightDetails', apply: drop('/insightDetails'), only: ['insight'] },
  // wrong types
  { name: 'eventVersion as a number', path: '/eventVersion', apply: set('/eventVersion', 1.08) },
  { name: 'eventTime as epoch seconds', path: '/eventTime', apply: set('/eventTime', 1741079702) },
  { name: 'eventID as a number', path: '/eventID', apply: set('/eventID', 42) },
  { name: 'recipientAccountId as a number', path: '/recipientAccountId', apply: set('/recipientAccountId', 111122223333) },
  { name: 'readOnly as a string', path: '/readOnly', apply: set('/readOnly', 'false'), only: ['glacier'] },
  { name: 'managementEvent as a string', path: '/managementEvent', apply: set('/managementEvent', 'true'), only: ['glacier'] },
  { name: 'userIdentity as a string', path: '/userIdentity', apply: set('/userIdentity', 'archiver'), only: NOT_INSIGHT },
  { name: 'requestParameters as a string', path: '/requestParameters', apply: set('/requestParameters', 'vaultName=x'), only: NOT_INSIGHT },
  { name: 'responseElements as an array', path: '/responseElements', apply: set('/responseElements', []), only: NOT_INSIGHT },
  { name: 'resources as an object', path: '/resources', apply: set('/resources', { ARN: 'arn:aws:s3:::b' }), only: ['iamUser', 'glacier'] },
  { name: 'awsRegion as null', path: '/awsRegion', apply: set('/awsRegion', null) },
  { name: 'mfaAuthenticated as a JSON boolean', path: '/userIdentity/sessionContext/attributes/mfaAuthenticated', apply: set('/userIdentity/sessionContext/attributes/mfaAuthenticated', false), only: ['assumedRole'] },
  { name: 'sessionCredentialFromConsole as a JSON boolean', path: '/sessionCredentialFromConsole', apply: set('/sessionCredentialFromConsole', true), only: ['glacier'] },
  { name: 'tlsDetails as a string', path: '/tlsDetails', apply: set('/tlsDetails', 'TLSv1.3'), only: ['glacier'] },
  // malformed times
  { name: 'eventTime with a space', path: '/eventTime', apply: set('/eventTime', '2025-03-04 09:15:02') },
  { name: 'eventTime with milliseconds', path: '/eventTime', apply: set('/eventTime', '2025-03-04T09:15:02.000Z') },
  { name: 'eventTime with an offset', path: '/eventTime', apply: set('/eventTime', '2025-03-04T09:15:02+00:00') },
  { name: 'eventTime on February 30', path: '/eventTime', apply: set('/eventTime', '2025-02-30T09:15:02Z') },
  { name: 'eventTime at hour 24', path: '/eventTime', apply: set('/eventTime', '2025-03-04T24:00:00Z') },
  { name: 'eventTime date only', path: '/eventTime', apply: set('/eventTime', '2025-03-04') },
  { name: 'creationDate malformed', path: '/userIdentity/sessionContext/attributes/creationDate', apply: set('/userIdentity/sessionContext/attributes/creationDate', '04/03/2025 09:12'), only: ['assumedRole'] },
  // malformed ids
  { name: 'eventID upper case', path: '/eventID', apply: (r) => void (r.eventID = String(r.eventID).toUpperCase()) },
  { name: 'eventID without dashes', path: '/eventID', apply: (r) => void (r.eventID = String(r.eventID).replace(/-/g, '')) },
  { name: 'eventID too short', path: '/eventID', apply: (r) => void (r.eventID = String(r.eventID).slice(0, 35)) },
  { name: 'eventID with a non-hex digit', path: '/eventID', apply: (r) => void (r.eventID = 'g' + String(r.eventID).slice(1)) },
  { name: 'sharedEventID malformed', path: '/sharedEventID', apply: set('/sharedEventID', 'not-a-uuid'), only: ['insight'] },
  { name: 'accessKeyId malformed', path: '/userIdentity/accessKeyId', apply: set('/userIdentity/accessKeyId', 'AKIA123'), only: ['iamUser', 'assumedRole', 'glacier'] },
  { name: 'accessKeyId with a wrong prefix', path: '/userIdentity/accessKeyId', apply: set('/userIdentity/accessKeyId', 'XKIAIOSFODNN7EXAMPLE'), only: ['iamUser', 'glacier'] },
  { name: 'userIdentity.arn not an ARN', path: '/userIdentity/arn', apply: set('/userIdentity/arn', 'user/archiver'), only: ['iamUser', 'glacier'] },
  // account ids
  { name: 'recipientAccountId with 11 digits', path: '/recipientAccountId', apply: set('/recipientAccountId', '11112222333') },
  { name: 'recipientAccountId with 13 digits', path: '/recipientAccountId', apply: set('/recipientAccountId', '1111222233334') },
  { name: 'recipientAccountId with letters', path: '/recipientAccountId', apply: set('/recipientAccountId', '11112222333a') },
  { name: 'recipientAccountId with dashes', path: '/recipientAccountId', apply: set('/recipientAccountId', '1111-2222-3333') },
  { name: 'userIdentity.accountId malformed', path: '/userIdentity/accountId', apply: set('/userIdentity/accountId', '12345'), only: ['iamUser', 'assumedRole', 'root', 'glacier'] },
  { name: 'sessionIssuer.accountId malformed', path: '/userIdentity/sessionContext/sessionIssuer/accountId', apply: set('/userIdentity/sessionContext/sessionIssuer/accountId', 'abc'), only: ['assumedRole'] },
  { name: 'resources[0].accountId malformed', path: '/resources/0/accountId', apply: (r) => void (r.resources = [{ accountId: '1234', type: 'AWS::Glacier::Vault', ARN: 'arn:aws:glacier:us-west-2:111122223333:vaults/x' }]), only: ['glacier'] },
  // regions
  { name: 'awsRegion upper case', path: '/awsRegion', apply: (r) => void (r.awsRegion = String(r.awsRegion).toUpperCase()) },
  { name: 'awsRegion without a number', path: '/awsRegion', apply: set('/awsRegion', 'us-east') },
  { name: 'awsRegion without dashes', path: '/awsRegion', apply: set('/awsRegion', 'useast1') },
  { name: 'awsRegion an availability zone', path: '/awsRegion', apply: set('/awsRegion', 'us-east-1a') },
  { name: 'awsRegion made up', path: '/awsRegion', apply: set('/awsRegion', 'mars-north-1') },
  { name: 'awsRegion with underscores', path: '/awsRegion', apply: set('/awsRegion', 'eu_west_1') },
  { name: 'awsRegion empty', path: '/awsRegion', apply: set('/awsRegion', '') },
  // eventVersion
  { name: 'eventVersion three parts', path: '/eventVersion', apply: set('/eventVersion', '1.08.0') },
  { name: 'eventVersion with v', path: '/eventVersion', apply: set('/eventVersion', 'v1.08') },
  { name: 'eventVersion major 2', path: '/eventVersion', apply: set('/eventVersion', '2.0') },
  { name: 'eventVersion no minor', path: '/eventVersion', apply: set('/eventVersion', '1') },
  { name: 'eventVersion three-digit minor', path: '/eventVersion', apply: set('/eventVersion', '1.100') },
  // enumerations
  { name: 'eventType unknown', path: '/eventType', apply: set('/eventType', 'AwsApiCal') },
  { name: 'eventCategory unknown', path: '/eventCategory', apply: set('/eventCategory', 'management'), only: ['glacier'] },
  { name: 'sourceIPAddress not an address', path: '/sourceIPAddress', apply: set('/sourceIPAddress', '999.1.2.3'), only: NOT_INSIGHT },
  { name: 'sourceIPAddress a random word', path: '/sourceIPAddress', apply: set('/sourceIPAddress', 'localhost'), only: NOT_INSIGHT },
  // userIdentity per type
  { name: 'userIdentity type unknown', path: '/userIdentity/type', apply: set('/userIdentity/type', 'Robot'), only: ['iamUser'] },
  { name: 'Root without arn', path: '/userIdentity/arn', apply: drop('/userIdentity/arn'), only: ['root'], regularity: true },
  { name: 'Root with a user ARN', path: '/userIdentity/arn', apply: set('/userIdentity/arn', 'arn:aws:iam::123456789012:user/x'), only: ['root'], regularity: true },
  { name: 'Root without accountId', path: '/userIdentity/accountId', apply: drop('/userIdentity/accountId'), only: ['root'], regularity: true },
  { name: 'IAMUser without principalId', path: '/userIdentity/principalId', apply: drop('/userIdentity/principalId'), only: ['iamUser', 'glacier'], regularity: true },
  { name: 'IAMUser without accountId', path: '/userIdentity/accountId', apply: drop('/userIdentity/accountId'), only: ['iamUser', 'glacier'], regularity: true },
  { name: 'AssumedRole without arn', path: '/userIdentity/arn', apply: drop('/userIdentity/arn'), only: ['assumedRole'], regularity: true },
  { name: 'AssumedRole with an IAM role ARN', path: '/userIdentity/arn', apply: set('/userIdentity/arn', 'arn:aws:iam::123456789012:role/x'), only: ['assumedRole'], regularity: true },
  { name: 'AssumedRole sessionIssuer of unknown type', path: '/userIdentity/sessionContext/sessionIssuer/type', apply: set('/userIdentity/sessionContext/sessionIssuer/type', 'Group'), only: ['assumedRole'] },
  { name: 'AWSService without invokedBy', path: '/userIdentity/invokedBy', apply: drop('/userIdentity/invokedBy'), only: ['awsService'], regularity: true },
  { name: 'FederatedUser without arn', path: '/userIdentity/arn', apply: (r) => void (r.userIdentity = { type: 'FederatedUser', principalId: '111122223333:bob', accountId: '111122223333' }), only: ['glacier'], regularity: true },
  { name: 'SAMLUser without identityProvider', path: '/userIdentity/identityProvider', apply: (r) => void (r.userIdentity = { type: 'SAMLUser', principalId: 'x:y', userName: 'y' }), only: ['glacier'], regularity: true },
  { name: 'empty userIdentity', path: '/userIdentity', apply: set('/userIdentity', {}), only: NOT_INSIGHT },
  // Glacier profile
  { name: 'Glacier operation unknown', path: '/eventName', apply: set('/eventName', 'UploadArchives'), only: ['glacier'], regularity: true },
  { name: 'Glacier archiveId too short', path: '/responseElements/archiveId', apply: set('/responseElements/archiveId', 'abc'), only: ['glacier'] },
  { name: 'Glacier checksum upper case', path: '/requestParameters/checksum', apply: (r) => void ((r.requestParameters as Rec).checksum = String((r.requestParameters as Rec).checksum).toUpperCase()), only: ['glacier'] },
  { name: 'Glacier vaultName with a space', path: '/requestParameters/vaultName', apply: set('/requestParameters/vaultName', 'my vault'), only: ['glacier'] },
  { name: 'Glacier accountId neither - nor 12 digits', path: '/requestParameters/accountId', apply: set('/requestParameters/accountId', 'self'), only: ['glacier'] },
  { name: 'Glacier without vaultName', path: '/requestParameters/vaultName', apply: drop('/requestParameters/vaultName'), only: ['glacier'] },
  { name: 'Glacier without location', path: '/responseElements/location', apply: drop('/responseElements/location'), only: ['glacier'] },
  { name: 'Glacier location of another kind', path: '/responseElements/location', apply: set('/responseElements/location', '/111122223333/vaults/photos-2019'), only: ['glacier'] },
  // CreateVault's response is the one shape the CloudTrail docs confirm; the other write shapes are inferred and also accept null.
  { name: 'Glacier successful CreateVault with null responseElements', path: '/responseElements', apply: (r) => Object.assign(r, { eventName: 'CreateVault', requestParameters: { accountId: '-', vaultName: 'v' }, responseElements: null }), only: ['glacier'] },
  { name: 'Glacier readOnly contradicts the operation', path: '/readOnly', apply: set('/readOnly', true), only: ['glacier'], regularity: true },
  { name: 'Glacier read-only call with responseElements', path: '/responseElements', apply: (r) => Object.assign(r, { eventName: 'DescribeVault', readOnly: true, requestParameters: { accountId: '-', vaultName: 'v' }, responseElements: { vaultARN: 'x' } }), only: ['glacier'], regularity: true },
  { name: 'Glacier failed call with responseElements', path: '/responseElements', apply: (r) => Object.assign(r, { errorCode: 'ResourceNotFoundException', errorMessage: 'Vault not found' }), only: ['glacier'], regularity: true },
  { name: 'Glacier event type other than AwsApiCall', path: '/eventType', apply: set('/eventType', 'AwsServiceEvent'), only: ['glacier'], regularity: true },
];

const cases: Array<[string, string, Mutant]> = [];
for (const m of mutants) {
  for (const [baseName, base] of Object.entries(bases)) {
    if (m.only && !m.only.includes(baseName)) continue;
    // Generic mutants apply to the bases that have the field they touch.
    if (!m.only && m.name.startsWith('drop') && !has(base, m.path)) continue;
    if (!m.only && !m.name.startsWith('drop') && !has(base, m.path)) continue;
    cases.push([m.name, baseName, m]);
  }
}

describe('mutation suite', () => {
  it('bases are valid under --strict', () => {
    for (const [name, base] of Object.entries(bases)) expect(validateRecord(base, { strict: true }).errors, name).toEqual([]);
  });

  it('has a case for every mutant', () => {
    const covered = new Set(cases.map((c) => c[0]));
    expect(mutants.filter((m) => !covered.has(m.name)).map((m) => m.name)).toEqual([]);
  });

  it.each(cases)('rejects %s (%s) at the right pointer', (_name, baseName, m) => {
    const r = clone(bases[baseName]!);
    m.apply(r);
    const res = validateRecord(r, { strict: m.regularity === true });
    expect(res.valid).toBe(false);
    expect(res.errors.map((e) => e.path)).toContain(m.path);
    for (const e of res.errors) expect(e.message.length).toBeGreaterThan(5);
    if (m.regularity) {
      // Without --strict, the same record is valid and warned about at the same pointer.
      const lenient = validateRecord(r);
      expect(lenient.errors).toEqual([]);
      expect(lenient.warnings.map((w) => w.path)).toContain(m.path);
    }
  });

  it('sorts mutants into guarantees and regularities (a guarantee stays an error without --strict)', () => {
    expect(cases.filter((c) => !c[2].regularity).length).toBeGreaterThan(250);
    expect(new Set(cases.filter((c) => c[2].regularity).map((c) => c[0])).size).toBe(15);
  });
});

describe('warnings', () => {
  it('reports an unknown top-level field as a warning, an error under strict', () => {
    const r = { ...glacierRecord(), surprise: 1 };
    expect(validateRecord(r)).toEqual({ valid: true, errors: [], warnings: [{ path: '/surprise', message: expect.stringContaining('unknown field') }] });
    const strict = validateRecord(r, { strict: true });
    expect(strict.valid).toBe(false);
    expect(strict.errors.map((e) => e.path)).toEqual(['/surprise']);
  });

  it('reports an eventVersion newer than 1.11 as a warning, an error under strict', () => {
    const r = { ...glacierRecord(), eventVersion: '1.12' };
    expect(validateRecord(r).valid).toBe(true);
    expect(validateRecord(r).warnings[0]!.path).toBe('/eventVersion');
    expect(validateRecord(r, { strict: true }).valid).toBe(false);
    expect(validateRecord({ ...glacierRecord(), eventVersion: '1.9' }).warnings).toEqual([]);
  });

  it('never throws, whatever the value', () => {
    const deep: Record<string, unknown> = {};
    let o = deep;
    for (let i = 0; i < 100000; i++) o = o.a = {} as Record<string, unknown>;
    for (const v of [null, 0, 'x', [], {}, [glacierRecord()], deep, { ...glacierRecord(), requestParameters: deep }]) {
      const res = validateRecord(v);
      expect(typeof res.valid).toBe('boolean');
    }
  });
});

describe('fast path', () => {
  it('agrees with the full glacier-profile schema on every base and mutant', async () => {
    const { passesSchemas } = await import('../../src/validate/fast-path.js');
    const { compiled } = await import('../../src/validate/schemas.js');
    const full = compiled('glacier-profile', true);
    const all: unknown[] = [...real, ...Object.values(bases)];
    for (const [, baseName, m] of cases) {
      const r = clone(bases[baseName]!);
      m.apply(r);
      all.push(r);
    }
    for (const r of all) expect(passesSchemas(r), JSON.stringify(r).slice(0, 200)).toBe(full(r));
  });
});

describe('userIdentity without a type', () => {
  it('is accepted with only accountId and/or invokedBy (real service events), warned about otherwise (rejected under --strict)', () => {
    const base = bases.awsService!;
    expect(validateRecord({ ...base, userIdentity: { accountId: '123456789012', invokedBy: 's3.amazonaws.com' } }, { strict: true }).valid).toBe(true);
    const r = clone(bases.iamUser!);
    delete (r.userIdentity as Ident).type;
    expect(validateRecord(r).warnings.map((w) => w.path)).toContain('/userIdentity');
    const res = validateRecord(r, { strict: true });
    expect(res.valid).toBe(false);
    expect(res.errors.map((e) => e.path)).toContain('/userIdentity');
  });
});

describe('the two shapes issue 16 found in genuine records', () => {
  it('accepts an AssumedRole identity whose arn is an IAM user ARN, with a warning', () => {
    const r = clone(bases.assumedRole!);
    (r.userIdentity as Ident).arn = 'arn:aws:iam::123456789012:user/Alice';
    const res = validateRecord(r);
    expect(res.valid).toBe(true);
    expect(res.warnings).toEqual([{ path: '/userIdentity/arn', message: expect.stringContaining('regularity') }]);
  });

  it('accepts an IAMUser identity without principalId, with a warning', () => {
    const r = clone(bases.iamUser!);
    delete (r.userIdentity as Ident).principalId;
    const res = validateRecord(r);
    expect(res.valid).toBe(true);
    expect(res.warnings.map((w) => w.path)).toEqual(['/userIdentity/principalId']);
  });

  it('still rejects a type error in the same identity, whatever --strict says', () => {
    const r = clone(bases.iamUser!);
    delete (r.userIdentity as Ident).principalId;
    (r.userIdentity as Ident).accountId = 123456789012;
    expect(validateRecord(r).errors.map((e) => e.path)).toEqual(['/userIdentity/accountId']);
  });
});

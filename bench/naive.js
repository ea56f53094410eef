// The naive baseline: how a typical user would fake CloudTrail Glacier logs with faker.
// Per record: faker calls and an object literal; per file: JSON.stringify of the whole file,
// zlib.gzipSync, writeFileSync into an S3-like key. Same record shape as trailsmith's (the
// same top-level fields and nesting), 1,000 records per file like trailsmith's largest files.
// Usage: node bench/naive.js --records N --out DIR
import { faker } from '@faker-js/faker';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values } = parseArgs({ options: { records: { type: 'string', default: '100000' }, out: { type: 'string', default: 'naive-out' } } });
const total = Number(values.records);
const PER_FILE = 1000;
const OPS = ['UploadArchive', 'ListVaults', 'DescribeVault', 'InitiateJob', 'DescribeJob', 'GetJobOutput', 'DeleteArchive', 'InitiateMultipartUpload', 'UploadMultipartPart', 'CompleteMultipartUpload'];
const REGIONS = ['us-east-1', 'us-west-2'];
const ACCOUNT = '111122223333';
faker.seed(1);

function record(time, region) {
  const op = faker.helpers.arrayElement(OPS);
  const vault = `${faker.word.noun()}-${faker.helpers.arrayElement(['backups', 'archive', 'logs'])}`;
  const role = faker.helpers.arrayElement(['GlacierBackupRole', 'SecurityAudit', 'AdministratorAccess']);
  const session = `i-0${faker.string.hexadecimal({ length: 16, casing: 'lower', prefix: '' })}`;
  const archiveId = faker.string.alphanumeric(138);
  return {
    eventVersion: '1.11',
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROA${faker.string.alphanumeric({ length: 17, casing: 'upper' })}:${session}`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
      accountId: ACCOUNT,
      accessKeyId: `ASIA${faker.string.alphanumeric({ length: 16, casing: 'upper' })}`,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: `AROA${faker.string.alphanumeric({ length: 17, casing: 'upper' })}`, arn: `arn:aws:iam::${ACCOUNT}:role/${role}`, accountId: ACCOUNT, userName: role },
        attributes: { creationDate: time.toISOString().replace(/\.\d+Z$/, 'Z'), mfaAuthenticated: 'false' },
      },
    },
    eventTime: time.toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: 'glacier.amazonaws.com',
    eventName: op,
    awsRegion: region,
    sourceIPAddress: faker.internet.ipv4(),
    userAgent: `aws-cli/2.${faker.number.int({ min: 10, max: 27 })}.${faker.number.int(50)} md/awscrt#0.19.19 ua/2.0 os/linux#5.10 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2 md/prompt#off command/glacier.${op.toLowerCase()}`,
    requestParameters: { accountId: '-', vaultName: vault, archiveId, checksum: faker.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' }) },
    responseElements: op === 'UploadArchive' ? { location: `/${ACCOUNT}/vaults/${vault}/archives/${archiveId}`, checksum: faker.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' }), archiveId } : null,
    requestID: faker.string.alphanumeric(47),
    eventID: faker.string.uuid(),
    readOnly: op.startsWith('List') || op.startsWith('Describe') || op.startsWith('Get'),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `glacier.${region}.amazonaws.com` },
  };
}

const start = Date.UTC(2025, 2, 4);
let written = 0;
let bytes = 0;
for (let file = 0; written < total; file++) {
  const region = REGIONS[file % REGIONS.length];
  const n = Math.min(PER_FILE, total - written);
  const records = [];
  for (let i = 0; i < n; i++) records.push(record(new Date(start + (written + i) * 100), region));
  const json = JSON.stringify({ Records: records });
  bytes += Buffer.byteLength(json);
  const stamp = new Date(start + written * 100);
  const day = stamp.toISOString().slice(0, 10).replace(/-/g, '/');
  const dir = join(values.out, 'AWSLogs', ACCOUNT, 'CloudTrail', region, day);
  mkdirSync(dir, { recursive: true });
  const name = `${ACCOUNT}_CloudTrail_${region}_${stamp.toISOString().replace(/[-:]/g, '').slice(0, 13)}Z_${faker.string.alphanumeric(16)}.json.gz`;
  writeFileSync(join(dir, name), gzipSync(json, { level: 6 }));
  written += n;
}
console.log(JSON.stringify({ records: written, bytes }));

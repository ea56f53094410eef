/** Fixtures for the validator tests: the real records in test/fixtures, a CLI runner with stdin. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliRun } from '../helpers/cli.js';

export type { CliRun };

/** Genuine CloudTrail records, one per line, with their SOURCES.md (test/fixtures/real-cloudtrail). */
export const REAL_DIR = new URL('../fixtures/real-cloudtrail/', import.meta.url).pathname;

/** More genuine records (AWS documentation examples), kept apart so the counts of REAL_DIR stay put. */
export const MORE_DIR = new URL('../fixtures/real-cloudtrail-more/', import.meta.url).pathname;

export interface RealRecord {
  file: string;
  line: number;
  record: Record<string, unknown>;
}

export function realRecords(dir = REAL_DIR): RealRecord[] {
  const out: RealRecord[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ndjson')).sort()) {
    readFileSync(join(dir, f), 'utf8').split('\n').forEach((l, i) => {
      if (l.trim()) out.push({ file: f, line: i + 1, record: JSON.parse(l) as Record<string, unknown> });
    });
  }
  return out;
}

export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The real parser in-process; `stdin` feeds the `-` input (empty when not given, never the terminal). */
export function runValidate(argv: string[], stdin?: string | Buffer): Promise<CliRun> {
  return runCli(['validate', ...argv], { stdin: stdin ?? '' });
}

export interface JsonReport {
  summary: { files: number; records: number; valid: number; invalid: number; recordsPerSecond: number };
  results: Array<{ file: string; record: number | null; valid: boolean; errors: Array<{ path: string; message: string }>; warnings?: Array<{ path: string; message: string }> }>;
}

/** A generated-style Glacier record (from the facts' section 5.7 example), valid under --strict. */
export function glacierRecord(): Record<string, unknown> {
  return {
    eventVersion: '1.11',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAFAAH5Z7NPSIXYEOYC', arn: 'arn:aws:iam::111122223333:user/archiver', accountId: '111122223333', accessKeyId: 'AKIALKGLH5HDHHHRC24F', userName: 'archiver' },
    eventTime: '2025-03-04T09:15:02Z',
    eventSource: 'glacier.amazonaws.com',
    eventName: 'UploadArchive',
    awsRegion: 'us-west-2',
    sourceIPAddress: '198.51.100.23',
    userAgent: 'aws-cli/2.24.10 md/awscrt#0.23.8 ua/2.1 os/linux#6.8.0-1021-aws',
    requestParameters: { accountId: '-', vaultName: 'photos-2019', archiveDescription: 'photos-2019-part-01.tar', checksum: '983776f0726f02d09c99701ac6b64dc8ce86abe867cd3000fedc9d5c0b9d74e6' },
    responseElements: {
      location: '/111122223333/vaults/photos-2019/archives/vwwsuAlUmb0ehG9SU9Wu4oL2AXjSH_HzDLXafuw93XzLvV7U7fOmRGRdbSlwnDooxNSTHKXNStdkbzLkBy-u0aShQt8FFcjxkF1kevOvNwGV3MHmx-0v75nRTn-QC2JKpnzMXluYEF',
      checksum: '983776f0726f02d09c99701ac6b64dc8ce86abe867cd3000fedc9d5c0b9d74e6',
      archiveId: 'vwwsuAlUmb0ehG9SU9Wu4oL2AXjSH_HzDLXafuw93XzLvV7U7fOmRGRdbSlwnDooxNSTHKXNStdkbzLkBy-u0aShQt8FFcjxkF1kevOvNwGV3MHmx-0v75nRTn-QC2JKpnzMXluYEF',
    },
    requestID: 'CaFims0df46laYWABcp29n0-In0pul_cnFClNIFHDPWF8tt',
    eventID: 'af35ca3c-ef08-40e1-b3d9-055e2cdbf239',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'glacier.us-west-2.amazonaws.com' },
  };
}

/**
 * S3 keys of digest files (reference section 4.1). Public keys are not objects: AWS serves
 * them through ListPublicKeys, and trailsmith writes them to the sidecar directory
 * (`<out>.trailsmith/public-keys/`, see sidecar.ts).
 *
 * `[prefix/]AWSLogs/[o-id/]<acct>/CloudTrail-Digest/<region>/YYYY/MM/DD/<acct>_CloudTrail-Digest_<region>_<trail>_<homeRegion>_<YYYYMMDDTHHMMSSZ>.json.gz`
 */
import { accountRoot } from '../delivery/keys.js';
import type { TrailLocation } from '../delivery/types.js';

/** Where trees written before the sidecar kept public keys and signature metadata (still read). */
export const PUBLIC_KEY_DIR = 'CloudTrail-PublicKeys';
export const METADATA_SUFFIX = '.metadata.json';

/** `YYYY-MM-DDTHH:MM:SSZ`, the form of every time field in a digest. */
export function isoTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 19) + 'Z';
}

/** Date folders come from the digest's end time; the stamp is that time with seconds, basic format. */
export function digestKey(trail: TrailLocation, accountId: string, region: string, end: number): string {
  const iso = isoTime(end);
  const folder = `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`;
  const stamp = iso.replace(/[-:]/g, '');
  return `${accountRoot(trail, accountId)}/CloudTrail-Digest/${region}/${folder}/${accountId}_CloudTrail-Digest_${region}_${trail.trailName}_${trail.homeRegion}_${stamp}.json.gz`;
}

/** The public key's place inside a bucket root written before the sidecar existed. */
export function legacyPublicKeyKey(fingerprint: string): string {
  return `${PUBLIC_KEY_DIR}/${fingerprint}.pem`;
}

/**
 * Parses a digest key of any prefix or organization layout; the trail name may contain `_`
 * (the home region never does), hence the greedy name group.
 */
const DIGEST_KEY = /^(?:(.*)\/)?AWSLogs\/(?:(o-[a-z0-9]+)\/)?(\d{12})\/CloudTrail-Digest\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{12})_CloudTrail-Digest_([a-z0-9-]+)_(.+)_([a-z0-9-]+)_(\d{8}T\d{6}Z)\.json\.gz$/;

export interface ParsedDigestKey {
  prefix: string;
  organizationId?: string;
  accountId: string;
  region: string;
  trailName: string;
  homeRegion: string;
  /** `YYYYMMDDTHHMMSSZ`. */
  stamp: string;
  /** Identifies the account × region chain of one trail. */
  chainId: string;
}

export function parseDigestKey(key: string): ParsedDigestKey | null {
  const m = DIGEST_KEY.exec(key);
  if (!m || m[3] !== m[8] || m[4] !== m[9]) return null;
  const prefix = m[1] ?? '';
  const org = m[2];
  const [accountId, region, trailName, homeRegion, stamp] = [m[3]!, m[4]!, m[10]!, m[11]!, m[12]!];
  return {
    prefix, organizationId: org, accountId, region, trailName, homeRegion, stamp,
    chainId: `${prefix}|${org ?? ''}|${accountId}|${region}|${trailName}|${homeRegion}`,
  };
}

/** Log file keys (reference section 3), any prefix or organization layout. */
const LOG_KEY = /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]+\/)?(\d{12})\/CloudTrail\/[a-z0-9-]+\/\d{4}\/\d{2}\/\d{2}\/\1_CloudTrail_[a-z0-9-]+_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/;

export function isLogKey(key: string): boolean {
  return LOG_KEY.test(key);
}

/** `YYYYMMDDTHHMMSSZ` → `YYYY-MM-DDTHH:MM:SSZ`. */
export function stampToIso(stamp: string): string {
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
}

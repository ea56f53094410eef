/**
 * S3 object keys of log files (reference section 3):
 * `[prefix/]AWSLogs/[o-id/]<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 alnum>.json.gz`
 */
import type { TrailLocation } from './types.js';

export function accountRoot(trail: TrailLocation, accountId: string): string {
  const org = trail.organizationId ? `${trail.organizationId}/` : '';
  const prefix = trail.prefix ? `${trail.prefix}/` : '';
  return `${prefix}AWSLogs/${org}${accountId}`;
}

/** `YYYY/MM/DD` and `YYYYMMDDTHHmmZ` of epoch seconds (UTC). */
export function stampParts(epochSeconds: number): { folder: string; stamp: string } {
  const iso = new Date(epochSeconds * 1000).toISOString();
  const y = iso.slice(0, 4);
  const m = iso.slice(5, 7);
  const d = iso.slice(8, 10);
  return { folder: `${y}/${m}/${d}`, stamp: `${y}${m}${d}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z` };
}

export function logFileKey(trail: TrailLocation, accountId: string, region: string, deliveredAt: number, unique: string): string {
  const { folder, stamp } = stampParts(deliveredAt);
  return `${accountRoot(trail, accountId)}/CloudTrail/${region}/${folder}/${accountId}_CloudTrail_${region}_${stamp}_${unique}.json.gz`;
}

/**
 * Who calls sts:AssumeRoleWithSAML for an IAM Identity Center session: not the user's browser or
 * CLI but Identity Center itself, from an AWS address of the region with its own Java SDK v2.
 * Real record (A. Steele, Identity Center account access write-up, 2026-07): sourceIPAddress
 * 13.239.101.254 (EC2 space of ap-southeast-2), userAgent `aws-sdk-java/2.46.14 md/io#sync
 * md/http#Apache md/internal ua/2.1 api/STS#2.46.x os/Linux#4.14.355-284.735.amzn2.x86_64
 * lang/java#17.0.19 md/OpenJDK_64-Bit_Server_VM#17.0.19+11-LTS md/vendor#Amazon.com_Inc.
 * md/en_US m/E,N,AJ`. Earlier Java SDK v2 releases wrote the older `Linux/… Java/… vendor/…`
 * form [I: the switch date is inferred].
 */
import type { Rng } from '../random/rng.js';
import { interpolate } from './client-eras.js';
import { pickRelease } from './release-pick.js';
import { SDK_JAVA_V2 } from './releases/sdk-java-v2.js';
import { originPool } from './origins.js';

export interface IdentityCenterCaller {
  /** JSON-quoted userAgent. */
  userAgent: string;
  /** Per region: Identity Center's addresses in that region's EC2 space. */
  ips: Map<string, string[]>;
}

const JAVA_V2_UA21_FROM = Date.UTC(2024, 0, 1) / 1000;

export function identityCenterCaller(regions: readonly string[], start: number, rng: Rng): IdentityCenterCaller {
  // A real Java SDK v2 release (releases/sdk-java-v2.ts); before the table's first row (2019-05)
  // an interpolated 2.N.x minor [I].
  const row = pickRelease(SDK_JAVA_V2, start, rng);
  const minor = row ? Number(row[0].split('.')[1]) : interpolate([['2018-11-20', 0], ['2019-05-30', 5]], start);
  const v = row ? row[0] : `2.${minor}.${rng.range(1, 20)}`;
  const j = `17.0.${rng.range(8, 19)}`;
  const kernel = `4.14.${rng.range(330, 356)}-${rng.range(250, 290)}.${rng.range(500, 740)}.amzn2.x86_64`;
  const ua = start >= JAVA_V2_UA21_FROM
    ? `aws-sdk-java/${v} md/io#sync md/http#Apache md/internal ua/2.1 api/STS#2.${minor}.x os/Linux#${kernel} lang/java#${j} md/OpenJDK_64-Bit_Server_VM#${j}+11-LTS md/vendor#Amazon.com_Inc. md/en_US m/E,N`
    : `aws-sdk-java/${v} Linux/${kernel} OpenJDK_64-Bit_Server_VM/${j}+11-LTS Java/${j} vendor/Amazon.com_Inc. io/sync http/Apache`;
  const ips = new Map<string, string[]>();
  for (const region of regions) ips.set(region, originPool('ec2', region, '', rng).ips);
  return { userAgent: JSON.stringify(ua), ips };
}

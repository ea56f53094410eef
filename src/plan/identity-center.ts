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
import { interpolate, javaLtsAt } from './client-eras.js';
import { pickRelease } from './release-pick.js';
import { javaV1UserAgent } from './clients.js';
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
  // A real Java SDK v2 release (releases/sdk-java-v2.ts, from its GA 2.1.0 on 2018-11-19). Before
  // it the service is taken to call with Java SDK v1 1.11.x, the SDK of the time, a release from
  // its table in the user-agent form of that release, as for client actors (plan/clients.ts)
  // [I: no pre-2019 record of this caller seen].
  const row = pickRelease(SDK_JAVA_V2, start, rng);
  const j = javaLtsAt(start, rng) ?? '11.0.1';
  // Amazon Linux 2 4.14 kernels as real records of this caller show them (4.14.3xx in 2024-25);
  // earlier dates get the patch level of their time, interpolated [I].
  const patch = interpolate([['2018-06-01', 47], ['2021-04-01', 225], ['2022-01-15', 255], ['2024-01-01', 330], ['2025-06-01', 356]], start);
  const kernel = `4.14.${patch - rng.int(6)}-${Math.floor(patch * 0.78) + rng.range(0, 9)}.${rng.range(500, 740)}.amzn2.x86_64`;
  const v = row?.[0];
  const ua = !v
    ? javaV1UserAgent(start, rng, kernel)
    : start >= JAVA_V2_UA21_FROM
      ? `aws-sdk-java/${v} md/io#sync md/http#Apache md/internal ua/2.1 api/STS#2.${v.split('.')[1]}.x os/Linux#${kernel} lang/java#${j} md/OpenJDK_64-Bit_Server_VM#${j}+11-LTS md/vendor#Amazon.com_Inc. md/en_US m/E,N`
      : `aws-sdk-java/${v} Linux/${kernel} OpenJDK_64-Bit_Server_VM/${j}+11-LTS Java/${j} vendor/Amazon.com_Inc. io/sync http/Apache`;
  const ips = new Map<string, string[]>();
  for (const region of regions) ips.set(region, originPool('ec2', region, '', rng).ips);
  return { userAgent: JSON.stringify(ua), ips };
}

/**
 * What a record says about its caller, reduced to the scenario's vocabulary: which client
 * family wrote the user agent, which principal called, and (from the addresses a principal
 * used) which kind of origin it calls from. Shared by `profile` and `compare`, so both read
 * the same families.
 */
import type { ClientStyle, OriginKind } from '../scenario/types.js';
import { REGIONS } from '../plan/regions.js';

/** Client families: the scenario's client styles plus callers the scenario cannot model. */
export type ClientFamily = ClientStyle | 'aws-service' | 'aws-internal' | 'other-sdk' | 'unknown';

/**
 * The family of a user agent. Patterns follow the agents the SDKs write (aws-cli's
 * `aws-cli/2.x`, botocore's `Boto3/`, the Java SDK's `aws-sdk-java/1.` and `/2.`, JS v3's
 * `aws-sdk-js/3.`, Go v2's `aws-sdk-go-v2/`; Terraform's provider prefixes `APN/1.0 HashiCorp`
 * to the Go SDK's agent, so it is tested first); console calls carry a browser's agent or the
 * console's own host (reference section 6.1).
 */
export function classifyClient(ua: unknown, consoleSession = false): ClientFamily {
  if (typeof ua !== 'string' || ua === '') return 'unknown';
  if (consoleSession || ua.startsWith('Mozilla/') || ua.includes('console.amazonaws.com') || ua.includes('console.aws.amazon.com')) return 'console';
  if (ua === 'AWS Internal') return 'aws-internal';
  if (/^[a-z0-9.-]+\.amazonaws\.com$/.test(ua)) return 'aws-service';
  if (ua.includes('Terraform/') || ua.includes('terraform-provider-aws')) return 'terraform';
  if (ua.startsWith('aws-cli/2')) return 'aws-cli-v2';
  if (ua.startsWith('aws-cli/1')) return 'aws-cli-v1';
  if (/^(Boto3|Botocore)\//i.test(ua)) return 'boto3';
  if (ua.startsWith('aws-sdk-java/1')) return 'sdk-java-v1';
  if (ua.startsWith('aws-sdk-java/2')) return 'sdk-java-v2';
  if (ua.startsWith('aws-sdk-js/3') || ua.includes('aws-sdk-js-v3')) return 'sdk-js-v3';
  // Go v2 core 1.29.0-1.32.5 put feature ids in front of the SDK's name (`m/E aws-sdk-go-v2/…`).
  if (/^(m\/[A-Za-z0-9,]+ )?aws-sdk-go-v2\//.test(ua)) return 'sdk-go-v2';
  if (ua.startsWith('python-requests/')) return 'python-requests';
  if (/aws-sdk|aws-cli|Boto|botocore|aws-internal/i.test(ua)) return 'other-sdk';
  return 'unknown';
}

/** The scenario client for a family; families a scenario cannot express map to the nearest style. */
export function clientStyleOf(family: ClientFamily): ClientStyle {
  switch (family) {
    case 'aws-service':
    case 'aws-internal':
    case 'other-sdk':
    case 'unknown':
      return 'boto3';
    default:
      return family;
  }
}

/** Dotted IPv4 → 32-bit number, or NaN (IPv6, hosts, `AWS Internal`). */
export function ipv4(text: string): number {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return NaN;
  const o = m.slice(1).map(Number);
  if (o.some((x) => x > 255)) return NaN;
  return ((o[0]! * 256 + o[1]!) * 256 + o[2]!) * 256 + o[3]!;
}

const EC2_BLOCKS: Array<[number, number]> = Object.values(REGIONS).flatMap((r) =>
  r.ec2Cidrs.map((c): [number, number] => {
    const [base, bits] = c.split('/') as [string, string];
    const size = 2 ** (32 - Number(bits));
    return [Math.floor(ipv4(base) / size) * size, size];
  }),
);

/** Whether an address lies in one of the EC2 public blocks the generator knows (src/plan/regions.ts). */
export function isEc2Address(ip: number): boolean {
  for (const [base, size] of EC2_BLOCKS) if (ip >= base && ip < base + size) return true;
  return false;
}

/** What a principal's addresses looked like, collected while reading (bounded, see AddressStats). */
export interface AddressShape {
  /** Distinct IPv4 addresses (counted up to the cap). */
  distinct: number;
  /** Distinct /16 and /24 networks among them. */
  networks16: number;
  networks24: number;
  /** Most distinct addresses seen within one UTC day, and within one hour. */
  maxPerDay: number;
  maxPerHour: number;
  /** Share of calls from EC2 blocks, and from AWS service hosts / `AWS Internal`. */
  ec2Share: number;
  awsShare: number;
}

/**
 * The origin kind of a shape. The generator's kinds (src/plan/origins.ts) leave distinct marks,
 * and so do their real counterparts: an office NATs through a few addresses of one /24, used
 * side by side the same day; a home connection has one address a day from one ISP's /16 that
 * changes daily; a hopping caller (Tor, VPS) uses many networks and changes within the day.
 * Undefined when the principal is an AWS service calling from inside AWS.
 */
export function classifyOrigin(s: AddressShape): OriginKind | undefined {
  if (s.awsShare >= 0.5) return undefined;
  if (s.ec2Share >= 0.5) return 'ec2';
  if (s.networks16 >= 3 && s.maxPerHour <= 1 && s.maxPerDay >= 3) return 'tor';
  if (s.networks16 >= 3 && s.maxPerDay >= 3) return 'tor';
  if (s.maxPerDay <= 1 && s.networks16 <= 2) return 'home-isp';
  return 'office';
}

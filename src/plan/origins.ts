/**
 * Network origins: a small pool of source addresses per actor and region, drawn at compile
 * time. The hot loop only indexes the pool (by event hash, day or hour), so an office NATs
 * through a few addresses, a home connection changes address daily, and a Tor/VPS caller
 * hops every hour.
 */
import type { Rng } from '../random/rng.js';
import type { OriginKind, OriginSpec } from '../scenario/types.js';
import { REGIONS } from './regions.js';

/**
 * How long a caller keeps one address of its pool (render/record.ts ipIndex): an office NAT
 * pool hands a client the same address for hours ('nat', 4 h slots); an EC2 instance keeps its
 * public address for the instance profile's 6-hour sessions ('instance'); a home line changes
 * daily; a Tor circuit or rented VPS hourly. 'per-event' (any address per call) is left for
 * service principals, whose pool is one name.
 */
export type Rotation = 'per-event' | 'nat' | 'instance' | 'daily' | 'hourly';

export interface OriginPool {
  kind: OriginKind | 'fixed';
  ips: string[];
  rotation: Rotation;
}

/**
 * Office and home lines come from access-ISP allocations, never from cloud or CDN space: an
 * office NAT or a home router does not sit in AWS's, Google's, Azure's, Cloudflare's or
 * Akamai's published ranges, and an address that does reads as a VPN or proxy to an analyst.
 * Holders per the RIRs' registrations (ARIN, RIPE); test/realism/origins.test.ts checks every
 * generated address against a stored list of cloud and CDN prefixes.
 */
const OFFICE_BLOCKS = [
  '12.0.0.0/8', // AT&T business services
  '4.0.0.0/9', // Lumen (Level 3) enterprise
  '64.125.0.0/16', // Zayo
  '65.192.0.0/11', // Verizon Business (UUNET)
  '81.128.0.0/11', // BT business
  '217.0.0.0/13', // Deutsche Telekom business
];
const HOME_BLOCKS = [
  '73.0.0.0/8', // Comcast Xfinity
  '24.0.0.0/12', // Comcast
  '71.160.0.0/11', // Verizon Fios
  '86.128.0.0/10', // BT Broadband
  '90.0.0.0/9', // Orange France
  '79.192.0.0/10', // Deutsche Telekom
  '91.0.0.0/10', // Deutsche Telekom
];
// Hosting and Tor-exit neighbourhoods that attacker tooling is commonly seen from.
const VPS_CIDRS = ['185.220.100.0/22', '45.66.35.0/24', '104.244.72.0/21', '192.42.116.0/24', '107.189.0.0/20', '198.98.48.0/20', '51.15.0.0/16', '5.188.62.0/24', '89.234.157.0/24', '45.134.26.0/24', '193.189.100.0/24'];

export function randomIpInCidr(cidr: string, rng: Rng): string {
  const [base, bitsText] = cidr.split('/') as [string, string];
  const bits = Number(bitsText);
  const baseInt = base.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - bits);
  // Avoid network and broadcast addresses of small blocks.
  const offset = size > 4 ? 1 + rng.int(size - 2) : rng.int(size);
  const ip = (Math.floor(baseInt / size) * size + offset) >>> 0;
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
}

/** Default office block of an account: one /24 shared by its people. */
export function officeCidrFor(rng: Rng): string {
  const ip = randomIpInCidr(rng.pick(OFFICE_BLOCKS), rng);
  return `${ip.slice(0, ip.lastIndexOf('.'))}.0/24`;
}

/** The built-in office and home blocks, for tests. */
export const ACCESS_ISP_BLOCKS = { office: OFFICE_BLOCKS, home: HOME_BLOCKS } as const;

export function originPool(spec: OriginSpec, region: string, officeCidr: string, rng: Rng): OriginPool {
  const kind = typeof spec === 'string' ? spec : spec.kind;
  const given = typeof spec === 'string' ? undefined : spec;
  if (given?.ips) return { kind: 'fixed', ips: [...given.ips], rotation: 'nat' };
  switch (kind) {
    case 'office': {
      const cidr = given?.cidr ?? officeCidr;
      return { kind, ips: distinct(3, () => randomIpInCidr(cidr, rng)), rotation: 'nat' };
    }
    case 'ec2': {
      const cidrs = given?.cidr ? [given.cidr] : REGIONS[region]?.ec2Cidrs ?? ['3.0.0.0/9'];
      return { kind, ips: distinct(2, () => randomIpInCidr(rng.pick(cidrs), rng)), rotation: 'instance' };
    }
    case 'home-isp': {
      // One ISP's pool (a /16 of its block): the daily address changes stay with the provider.
      const pool = given?.cidr ?? `${randomIpInCidr(rng.pick(HOME_BLOCKS), rng).split('.').slice(0, 2).join('.')}.0.0/16`;
      const ips = distinct(30, () => randomIpInCidr(pool, rng));
      return { kind, ips, rotation: 'daily' };
    }
    case 'tor': {
      const cidrs = given?.cidr ? [given.cidr] : VPS_CIDRS;
      return { kind, ips: distinct(48, () => randomIpInCidr(rng.pick(cidrs), rng)), rotation: 'hourly' };
    }
  }
}

function distinct(n: number, make: () => string): string[] {
  const out = new Set<string>();
  for (let tries = 0; out.size < n && tries < n * 20; tries++) out.add(make());
  return [...out];
}

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

// First octets of large corporate and residential allocations; only the shape matters.
const OFFICE_FIRST_OCTETS = [12, 38, 63, 64, 65, 66, 96, 104, 130, 136, 144, 148, 155, 162, 170, 199, 204, 206, 208, 209, 216];
const HOME_PREFIXES = ['24.', '67.', '68.', '71.', '73.', '75.', '76.', '86.', '90.', '98.', '99.', '108.', '174.', '178.'];
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
  return `${rng.pick(OFFICE_FIRST_OCTETS)}.${rng.range(1, 254)}.${rng.range(0, 255)}.0/24`;
}

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
      const prefix = rng.pick(HOME_PREFIXES);
      const second = rng.range(0, 255);
      const ips = given?.cidr
        ? distinct(30, () => randomIpInCidr(given.cidr!, rng))
        : distinct(30, () => `${prefix}${second}.${rng.range(0, 255)}.${rng.range(1, 254)}`);
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

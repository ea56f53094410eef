/**
 * Issue 17 item 8: vault names as companies write them, and office and home addresses outside
 * cloud and CDN space.
 */
import { describe, expect, it } from 'vitest';
import { ACCESS_ISP_BLOCKS, officeCidrFor, originPool } from '../../src/plan/origins.js';
import { vaultName } from '../../src/plan/vault-names.js';
import { Rng } from '../../src/random/rng.js';
import { corpus } from './corpus.js';
import { CLOUD_CDN_PREFIXES } from './data/cloud-cdn-prefixes.js';

const toInt = (ip: string): number => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const inCidr = (ip: string, cidr: string): boolean => {
  const [base, bits] = cidr.split('/') as [string, string];
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(base) / size);
};
const cloudOwner = (ip: string): string | undefined =>
  Object.entries(CLOUD_CDN_PREFIXES).find(([, cidrs]) => cidrs.some((c) => inCidr(ip, c)))?.[0];

describe('office and home-ISP addresses', () => {
  it('built-in blocks do not overlap the stored cloud and CDN prefixes', () => {
    for (const block of [...ACCESS_ISP_BLOCKS.office, ...ACCESS_ISP_BLOCKS.home]) {
      const [base, bits] = block.split('/') as [string, string];
      const first = toInt(base);
      const last = first + 2 ** (32 - Number(bits)) - 1;
      for (const cidrs of Object.values(CLOUD_CDN_PREFIXES)) {
        for (const c of cidrs) {
          const [cb, cbits] = c.split('/') as [string, string];
          const cf = toInt(cb);
          const cl = cf + 2 ** (32 - Number(cbits)) - 1;
          expect(cl < first || cf > last, `${block} overlaps ${c}`).toBe(true);
        }
      }
    }
  });

  // IANA special-purpose registry (RFC 6890 and successors). Without a VPC endpoint (we write
  // none) a caller's public address cannot be private, shared or reserved, and the RFC 5737
  // documentation ranges appear only in AWS's documentation examples, never in a real trail.
  const SPECIAL = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/3'];

  it('no source address of any example or random run is private, reserved or a documentation range', async () => {
    const bad = new Set<string>();
    for (const { source, record } of await corpus()) {
      const ip = String(record.sourceIPAddress);
      if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) continue;
      const range = SPECIAL.find((c) => inCidr(ip, c));
      if (range) bad.add(`${source}: ${ip} in ${range}`);
    }
    expect([...bad].slice(0, 5)).toEqual([]);
  });

  it('no generated office or home address falls inside a cloud or CDN prefix (500 draws each)', () => {
    const bad: string[] = [];
    for (let i = 0; i < 500; i++) {
      const rng = Rng.for('origins-test', i);
      const office = officeCidrFor(rng);
      const pools = [originPool('office', 'us-east-1', office, rng), originPool('home-isp', 'us-east-1', office, rng)];
      for (const pool of pools) for (const ip of pool.ips) if (cloudOwner(ip)) bad.push(`${pool.kind} ${ip} in ${cloudOwner(ip)}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });
});

// Every token a vault name of plan/vault-names.ts can hold, plus years and region parts.
const VOCABULARY = /^(prod|production|dr|staging|db|postgres|mysql|oracle|sqlserver|mongodb|erp|crm|fileserver|sap|finance|legal|hr|engineering|data|platform|security|compliance|marketing|media|research|it|records|logs|audit|invoices|payroll|contracts|emails|scans|video|datasets|reports|cctv|daily|weekly|monthly|yearly|hold|litigation|tax|sox|archive|backups?|us|eu|ap|sa|ca|me|af|il|mx|gov|east|west|north|south|central|northeast|southeast|northwest|southwest|\d+)$/;

describe('vault names', async () => {
  const records = await corpus();

  it('follow company naming patterns: lowercase kebab-case from a fixed vocabulary (20,000 draws)', () => {
    const rng = Rng.for('vault-names-test');
    const bad: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const name = vaultName(rng, 2024, 'eu-central-1');
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) || !name.split('-').every((t) => VOCABULARY.test(t))) bad.push(name);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('include the shapes the issue names (environment-data-backups-region, legal-hold-year, team-data-archive)', () => {
    const rng = Rng.for('vault-names-shapes');
    const names = Array.from({ length: 2000 }, () => vaultName(rng, 2024, 'us-east-1'));
    expect(names.some((n) => /^prod-[a-z]+-backups-us-east-1$/.test(n))).toBe(true);
    expect(names.some((n) => /^legal-hold-20(19|2[0-4])$/.test(n))).toBe(true);
    expect(names.some((n) => /^[a-z]+-[a-z-]+-archive$/.test(n))).toBe(true);
  });

  it('of vaults created during a run use the same patterns', () => {
    const created = records.filter((r) => r.record.eventName === 'CreateVault' && !r.record.errorCode).map((r) => String(r.record.requestParameters.vaultName));
    expect(created.length).toBeGreaterThan(0);
    const bad = created.filter((n) => !n.split('-').every((t) => VOCABULARY.test(t)));
    expect(bad.slice(0, 5)).toEqual([]);
  });
});

/**
 * Vault names as companies name them: environment, data and region or year, in kebab case
 * (`prod-db-backups-us-east-1`, `legal-hold-2024`, `finance-invoices-archive`), the patterns of
 * AWS's own examples (the Glacier developer guide's `examplevault`, Backup vault names such as
 * `prod-backup-vault`) and of retention practice (a vault per legal hold or audit year). The
 * word lists are short and fixed, so two companies' names overlap as real ones do; no faker
 * word salads (`stir-fry_logs_2024`).
 */
import type { Rng } from '../random/rng.js';

const ENVS = ['prod', 'prod', 'prod', 'production', 'dr', 'staging'];
const DATABASES = ['db', 'postgres', 'mysql', 'oracle', 'sqlserver', 'mongodb', 'erp', 'crm', 'fileserver', 'sap'];
const TEAMS = ['finance', 'legal', 'hr', 'engineering', 'data', 'platform', 'security', 'compliance', 'marketing', 'media', 'research', 'it'];
const DATA = ['records', 'logs', 'audit-logs', 'invoices', 'payroll', 'contracts', 'emails', 'scans', 'video', 'datasets', 'reports', 'cctv'];
const CADENCES = ['daily', 'weekly', 'monthly', 'yearly'];
const HOLDS = ['legal-hold', 'litigation-hold', 'audit', 'tax-records', 'sox-audit'];

const PATTERNS: Array<(rng: Rng, year: number, region: string) => string> = [
  (r, _y, region) => `${r.pick(ENVS)}-${r.pick(DATABASES)}-backups-${region}`,
  (r, _y, region) => `${r.pick(ENVS)}-${r.pick(DATABASES)}-backups-${region}`,
  (r, y) => `${r.pick(HOLDS)}-${y}`,
  (r) => `${r.pick(TEAMS)}-${r.pick(DATA)}-archive`,
  (r) => `${r.pick(TEAMS)}-${r.pick(DATA)}-archive`,
  (r, y) => `${r.pick(TEAMS)}-${r.pick(DATA)}-${y}`,
  (r) => `${r.pick(ENVS)}-${r.pick(DATABASES)}-${r.pick(CADENCES)}`,
  (r, _y, region) => `${r.pick(TEAMS)}-backup-${region}`,
];

/** A vault name for an account in `region`, years drawn up to five back from `year`. */
export function vaultName(rng: Rng, year: number, region: string): string {
  return rng.pick(PATTERNS)(rng, year - rng.int(6), region);
}

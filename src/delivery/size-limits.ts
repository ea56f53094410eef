/** The size ceilings of `generate` (docs/cli.md, "Size before work"); no imports, so the CLI can show them without loading the engine. */

/**
 * `generate` refuses to start a run estimated above this many records unless `--yes` or a higher
 * `--max-records`: 100 M records are ~30 GB of gzip'd files and 15-30 minutes on a 2-core machine.
 */
export const MAX_RECORDS_DEFAULT = 100_000_000;
/** Archives present at the start, over all vaults: each is built in memory before the first record. */
export const MAX_INITIAL_ARCHIVES = 50_000_000;

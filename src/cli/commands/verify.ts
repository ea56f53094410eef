/** `trailsmith verify <dir>`: thin adapter over verifyTree; exit 0 all valid, 1 problems, 2 cannot run. */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { verifyTree, type VerifyReport } from '../../digest/verify.js';
import type { CommandContext, CommandFactory } from '../context.js';
import { safeName } from '../../validate/report.js';
import { helpFooter } from '../help.js';
import { fmt } from '../progress.js';

interface VerifyArgs {
  dir: string;
  sidecar?: string;
  'public-key'?: string | string[];
  format: 'text' | 'json';
  quiet: boolean;
}

export const verifyCommand: CommandFactory = (ctx: CommandContext) => ({
  command: 'verify <dir>',
  describe: 'Check digest signatures, log file hashes, chain continuity and digest coverage of a bucket-root directory',
  builder: (y: Argv) =>
    y
      .positional('dir', { type: 'string', describe: 'Bucket-root directory (as written by generate --digest)' })
      .option('sidecar', { type: 'string', describe: 'Directory with the public keys and signature metadata (default: <dir>.trailsmith, see docs/layout.md)' })
      // Not `array: true`: a greedy array would swallow the directory in `verify --public-key k.pem out`; repeat the flag instead.
      .option('public-key', { type: 'string', describe: 'PEM RSA public key file the digests were signed with, matched by fingerprint (repeatable; default: the sidecar\'s)' })
      .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Report as text lines or one JSON document' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Text: print problems only, no summary' })
      .epilogue(helpFooter([
        ['$0 verify /tmp/trail', 'Key and signatures from /tmp/trail.trailsmith/'],
        ['$0 verify out --public-key k.pem', 'With the public key given by flag'],
        ['$0 verify /tmp/trail -f json | jq \'.problems[] | .kind\'', 'Problems as JSON'],
      ], '0 all valid · 1 problems found · 2 not a readable directory, no digests, or usage')),
  handler: async (argv: unknown) => {
    const args = argv as VerifyArgs;
    const started = ctx.io.now();
    const report = await verifyTree(resolve(args.dir), { sidecar: args.sidecar !== undefined ? resolve(args.sidecar) : undefined, publicKeys: [args['public-key'] ?? []].flat() });
    if (args.format === 'json') ctx.io.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else writeText(ctx, report, args.quiet, (ctx.io.now() - started) / 1000);
    ctx.exitCode = report.ok ? 0 : 1;
  },
});

function writeText(ctx: CommandContext, r: VerifyReport, quiet: boolean, seconds: number): void {
  for (const p of r.problems) {
    const detail = p.expected !== undefined || p.actual !== undefined ? ` (expected ${p.expected ?? 'null'}, actual ${p.actual ?? 'null'})` : '';
    // Keys come from file names in the tree: escaped, so a name cannot forge report lines.
    ctx.io.stdout.write(`${safeName(p.file)}: ${p.kind}: ${p.message}${detail}${p.digest && p.digest !== p.file ? ` [digest ${safeName(p.digest)}]` : ''}\n`);
  }
  if (quiet) return;
  if (r.digests === 0) ctx.io.stdout.write(`no digest files under ${r.root} (generate with --digest)\n`);
  ctx.io.stdout.write(
    `${r.ok ? 'OK' : 'INVALID'}: ${fmt(r.validDigests)}/${fmt(r.digests)} digests valid in ${fmt(r.chains)} chain${r.chains === 1 ? '' : 's'}, ` +
      `${fmt(r.validLogFiles)}/${fmt(r.logFiles)} log files valid, ${fmt(r.problems.length)} problem${r.problems.length === 1 ? '' : 's'} (${seconds.toFixed(2)} s)\n`,
  );
}

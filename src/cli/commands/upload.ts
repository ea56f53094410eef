/** `trailsmith upload <dir> --to s3://bucket/prefix`: thin adapter over uploadTree. */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { CommandContext, CommandFactory } from '../context.js';
import { helpFooter } from '../help.js';
import { checkS3Args, runUpload, s3Options, type S3Args } from '../s3-upload.js';

interface UploadArgs extends S3Args {
  dir: string;
  to: string;
  sidecar?: string;
}

export const uploadCommand: CommandFactory = (ctx: CommandContext) => ({
  command: 'upload <dir>',
  describe: 'Upload a generated bucket-root tree to S3 or an S3-compatible server',
  builder: (y: Argv) =>
    s3Options(
      y
        .positional('dir', { type: 'string', demandOption: true, describe: 'Bucket-root directory written by trailsmith generate' })
        .option('to', { type: 'string', demandOption: true, describe: 'Destination s3://bucket[/prefix]' })
        .option('sidecar', { type: 'string', describe: 'Directory with the tree\'s labels and signature metadata (default: <dir>.trailsmith, see docs/layout.md)' }),
    )
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress or summary' })
      .epilogue(helpFooter([
        ['$0 upload out --to s3://my-trail-bucket', 'Upload ./out with the default AWS credentials'],
        ['AWS_ENDPOINT_URL_S3=http://127.0.0.1:9000 $0 upload out --to s3://test/logs', 'To a local S3-compatible server (path-style)'],
      ], '0 uploaded · 2 usage or not a tree · 3 upload failed (keys not uploaded listed in DIR.trailsmith/not-uploaded.txt)')),
  handler: async (argv: unknown) => {
    const args = argv as UploadArgs;
    checkS3Args(args);
    await runUpload(ctx, resolve(args.dir), args, args.sidecar !== undefined ? resolve(args.sidecar) : undefined);
  },
});

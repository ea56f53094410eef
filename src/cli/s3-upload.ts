/** Options and the run shared by `upload` and `generate --to s3://...`. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import type { UploadSummary } from '../s3/index.js';
import { checkLabelsKey } from '../s3/tree.js';
import { parseS3Url } from '../s3/url.js';
import { LEGACY, NOT_UPLOADED_FILE, sidecarDir } from '../sidecar.js';
import type { CommandContext } from './context.js';
import { fmt, fmtBytes, ProgressLine } from './progress.js';

export interface S3Args {
  to?: string;
  endpoint?: string;
  region?: string;
  'path-style'?: boolean;
  concurrency: number;
  'labels-key'?: string;
  quiet: boolean;
}

export function s3Options<T>(y: Argv<T>): Argv<T> {
  return y
    .option('endpoint', { type: 'string', describe: 'S3 endpoint URL (default: $AWS_ENDPOINT_URL_S3, then $AWS_ENDPOINT_URL, then AWS)' })
    .option('region', { type: 'string', describe: 'AWS region of the bucket (default: $AWS_REGION, then us-east-1)' })
    .option('path-style', { type: 'boolean', describe: 'Path-style URLs (http://host/bucket/key); default: on with a custom endpoint' })
    .option('concurrency', { type: 'number', default: 16, describe: 'Parallel uploads' })
    .option('labels-key', { type: 'string', describe: 'Also upload the labels (<out>.trailsmith/labels.ndjson) under this key, relative to the prefix, e.g. trailsmith/labels.ndjson; not CloudTrail data, so not uploaded by default' });
}

export function checkS3Args(args: S3Args): void {
  if (args.to) parseS3Url(args.to);
  if (!(Number.isInteger(args.concurrency) && args.concurrency >= 1 && args.concurrency <= 256)) throw new UsageError(`--concurrency ${args.concurrency}: expected a whole number from 1 to 256`);
  const endpoint = args.endpoint;
  if (endpoint !== undefined && !/^https?:\/\/[^/]/.test(endpoint)) throw new UsageError(`--endpoint ${endpoint}: expected an http:// or https:// URL`);
  if (args['labels-key'] !== undefined) checkLabelsKey(args['labels-key']);
}

/**
 * Uploads `dir` to `args.to`: progress on stderr, summary on stdout like generate's. The keys
 * a failed upload did not store are listed in `<sidecar>/not-uploaded.txt`, removed again by
 * the next successful upload.
 */
export async function runUpload(ctx: CommandContext, dir: string, args: S3Args & { to: string }, sidecar = sidecarDir(dir)): Promise<UploadSummary> {
  const location = parseS3Url(args.to);
  // Loaded on demand: the AWS SDK adds ~0.5 s to the start of every other command.
  const { createS3Client, resolveEndpoint, uploadTree } = await import('../s3/index.js');
  const env = process.env;
  // The SDK warns on every run under Node < 22 about its releases after January 2027; we pin
  // the SDK version (see package.json), so the warning only adds noise to stderr.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = await createS3Client({ endpoint: args.endpoint, region: args.region, pathStyle: args['path-style'], env });
  const started = ctx.io.now();
  const progress = new ProgressLine(ctx.io, !args.quiet);
  try {
    const summary = await uploadTree(dir, location, {
      client,
      concurrency: args.concurrency,
      labelsKey: args['labels-key'],
      sidecar,
      signal: ctx.io.signal,
      failureListPath: join(sidecar, NOT_UPLOADED_FILE),
      onProgress: (p) => progress.note(`uploading ${fmt(p.objects)}/${fmt(p.totalObjects)} objects  ${fmtBytes(p.bytes)}/${fmtBytes(p.totalBytes)}`),
    });
    progress.clear();
    // Where versions before the sidecar listed a failed upload's keys: stale now too.
    await rm(join(dir, LEGACY.notUploaded), { force: true }).catch(() => undefined);
    const s = (ctx.io.now() - started) / 1000;
    if (!args.quiet) {
      const where = resolveEndpoint({ endpoint: args.endpoint, env });
      ctx.io.stdout.write(
        `uploaded ${fmt(summary.objects)} objects (${fmtBytes(summary.bytes)}${summary.withMetadata ? `, ${fmt(summary.withMetadata)} with digest metadata` : ''}) to ${summary.destination}${where ? ` at ${where}` : ''} in ${s.toFixed(2)} s (${fmt(summary.objects / Math.max(s, 1e-9))} objects/s)\n` +
          (summary.labelsKey ? `labels: uploaded as ${summary.labelsKey}\n` : args['labels-key'] !== undefined ? 'labels: none to upload (the scenario labels no records)\n' : ''),
      );
    }
    return summary;
  } finally {
    progress.clear();
    client.destroy();
  }
}

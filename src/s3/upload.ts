/**
 * Uploads a bucket-root tree to `s3://bucket/prefix` with bounded concurrency.
 *
 * Retries: each PutObject is retried by the SDK's standard strategy (exponential backoff with
 * full jitter, `maxAttempts` on the client, 5 by default) on throttling, 5xx and network
 * errors; an error that survives those is final. The first final error stops new uploads,
 * waits for the ones in flight, and throws an UploadError that lists what was and was not
 * uploaded (S3 PUTs are idempotent, so re-running the same upload is safe).
 *
 * Fewer than 5 attempts once the SDK's retry quota is spent (@smithy/core's retry constants:
 * 500 tokens, 5 per retry, 10 after a timeout or connection error): PUTs failing together
 * drain it, and later ones end "after 3 attempts". The message reports the attempts actually
 * made (errors.ts); docs/layout.md says the same.
 *
 * The first object goes up alone: a missing bucket, missing or rejected credentials or an
 * unreachable endpoint fail every PUT the same way, and 16 PUTs in flight used to report the
 * same error 16 times. One probe gives one failure and one diagnosis (errors.ts).
 *
 * Concurrency 16: CloudTrail objects are small (a few KB to a few hundred KB), so throughput is
 * bound by request latency, not bandwidth; 16 parallel PUTs keep a link busy without tripping
 * S3's per-prefix limit of 3,500 PUT/s.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { loadS3Sdk } from './client.js';
import { describeFsError } from '../errors.js';
import { describeS3Error, diagnoseS3Error, UploadError, type FailedUpload } from './errors.js';
import { listTreeObjects, type TreeObject, type TreeOptions } from './tree.js';
import { objectKey, type S3Location } from './url.js';

export interface UploadOptions extends TreeOptions {
  client: S3Client;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (p: { objects: number; bytes: number; totalObjects: number; totalBytes: number }) => void;
  /** On failure, write every key not uploaded here (one per line); removed by a later successful upload. */
  failureListPath?: string;
}

export interface UploadSummary {
  objects: number;
  bytes: number;
  /** Objects that carry user metadata from the sidecar (digests). */
  withMetadata: number;
  destination: string;
  /** The labels' object key, when `labelsKey` was given and the tree has labels. */
  labelsKey?: string;
}

export const DEFAULT_UPLOAD_CONCURRENCY = 16;

/**
 * @example
 * const client = await createS3Client({ endpoint: 'http://127.0.0.1:4568' });
 * await uploadTree('/tmp/trail', parseS3Url('s3://my-bucket/logs'), { client });
 */
export async function uploadTree(root: string, location: S3Location, options: UploadOptions): Promise<UploadSummary> {
  const destination = `s3://${location.bucket}${location.prefix ? `/${location.prefix}` : ''}`;
  const objects = await listTreeObjects(root, options);
  const totalBytes = objects.reduce((n, o) => n + o.size, 0);
  const uploaded: string[] = [];
  const failed: FailedUpload[] = [];
  let bytes = 0;
  let next = 0;
  let stop = false;
  const abort = (): void => {
    stop = true;
  };
  options.signal?.addEventListener('abort', abort, { once: true });

  const worker = async (limit: number): Promise<void> => {
    while (!stop && !options.signal?.aborted && next < limit) {
      const obj = objects[next++]!;
      const key = objectKey(location, obj.key);
      try {
        // No abort signal on the PUT itself: on SIGINT the (small) PUTs in flight finish, so the
        // report of what was uploaded is exact rather than "maybe".
        await putObject(options.client, location.bucket, key, obj);
        uploaded.push(key);
        bytes += obj.size;
        options.onProgress?.({ objects: uploaded.length, bytes, totalObjects: objects.length, totalBytes });
      } catch (err) {
        failed.push({ key, reason: describeS3Error(err), diagnosis: diagnoseS3Error(err, location) });
        stop = true;
      }
    }
  };
  // The probe: the first object alone, then the rest in parallel (see the header comment).
  await worker(Math.min(1, objects.length));
  const n = Math.max(1, Math.min(options.concurrency ?? DEFAULT_UPLOAD_CONCURRENCY, objects.length - 1));
  await Promise.all(Array.from({ length: n }, () => worker(objects.length)));
  options.signal?.removeEventListener('abort', abort);

  if (failed.length || uploaded.length < objects.length) {
    const done = new Set([...uploaded, ...failed.map((f) => f.key)]);
    const notAttempted = objects.map((o) => objectKey(location, o.key)).filter((k) => !done.has(k));
    let listFile: string | undefined;
    if (options.failureListPath) {
      try {
        await mkdir(dirname(options.failureListPath), { recursive: true });
        await writeFile(options.failureListPath, [...failed.map((f) => f.key), ...notAttempted].join('\n') + '\n');
        listFile = options.failureListPath;
      } catch (err) {
        throw describeFsError(err, options.failureListPath);
      }
    }
    throw new UploadError(destination, uploaded, failed, notAttempted, listFile, Boolean(options.signal?.aborted) && failed.length === 0);
  }
  // A list left by an earlier failed upload no longer describes the bucket.
  if (options.failureListPath) await rm(options.failureListPath, { force: true }).catch(() => undefined);
  const labels = options.labelsKey !== undefined && objects.some((o) => o.key === options.labelsKey) ? objectKey(location, options.labelsKey) : undefined;
  return { objects: uploaded.length, bytes, withMetadata: objects.filter((o) => o.metadata).length, destination, ...(labels ? { labelsKey: labels } : {}) };
}

/** One PUT from a Buffer: a known length and no streaming checksum trailer, which S3-compatible servers handle best. */
async function putObject(client: S3Client, bucket: string, key: string, obj: TreeObject): Promise<void> {
  let body: Buffer;
  try {
    body = await readFile(obj.path);
  } catch (err) {
    throw new Error(describeFsError(err, obj.path).message, { cause: err });
  }
  const { PutObjectCommand } = await loadS3Sdk();
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentLength: body.length,
      ContentMD5: createHash('md5').update(body).digest('base64'),
      ContentType: obj.contentType,
      ContentEncoding: obj.contentEncoding,
      Metadata: obj.metadata,
    }),
  );
}

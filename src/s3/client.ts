/**
 * S3 client for uploads: AWS or any S3-compatible endpoint. Endpoint precedence follows the
 * AWS SDKs: an explicit option, then AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL.
 */
import type { S3Client } from '@aws-sdk/client-s3';

/**
 * The SDK is loaded on first use: importing it costs about 0.45 s, which every `import
 * 'trailsmith'` (and every CLI command) would otherwise pay without ever touching S3.
 */
export const loadS3Sdk = (): Promise<typeof import('@aws-sdk/client-s3')> => import('@aws-sdk/client-s3');

export interface S3ClientOptions {
  endpoint?: string;
  region?: string;
  /** Path-style addressing (`http://host/bucket/key`); most S3-compatible servers need it. */
  pathStyle?: boolean;
  /** SDK attempts per request, including the first; the SDK backs off exponentially with jitter between them. */
  maxAttempts?: number;
  /** Environment to read defaults from (process.env in the CLI). */
  env?: Record<string, string | undefined>;
}

export function resolveEndpoint(options: S3ClientOptions): string | undefined {
  const env = options.env ?? {};
  return options.endpoint || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
}

export async function createS3Client(options: S3ClientOptions = {}): Promise<S3Client> {
  const { S3Client } = await loadS3Sdk();
  const env = options.env ?? {};
  const endpoint = resolveEndpoint(options);
  return new S3Client({
    endpoint,
    region: options.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    // A custom endpoint is almost always an S3-compatible server without virtual-host DNS.
    forcePathStyle: options.pathStyle ?? Boolean(endpoint),
    maxAttempts: options.maxAttempts ?? 5,
    retryMode: 'standard',
    // The SDK's default CRC32 trailer checksums are rejected by several S3-compatible servers
    // (s3rver among them); each PutObject carries Content-MD5 instead, which S3 checks.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

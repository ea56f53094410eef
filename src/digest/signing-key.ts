/**
 * The RSA key pair that signs digests: read from `--signing-key key.pem` (PKCS#1 or PKCS#8),
 * or derived from the seed so that output stays reproducible without one (./test-key.ts:
 * 0.04-0.25 s for RSA-2048). Keys are cached per seed for the life of the process, and the CLI
 * derives the key on a worker thread while the log files are generated. Signing uses
 * node:crypto (~1 ms).
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../errors.js';
import { packagePath } from '../package-path.js';
import { deriveTestKeyObject } from './test-key.js';

export interface SigningKey {
  privateKey: KeyObject;
  /** PKCS#1 `-----BEGIN RSA PUBLIC KEY-----` PEM, the form the AWS CLI's validator loads. */
  publicKeyPem: string;
  /** Lowercase hex MD5 of the PKCS#1 DER public key (AWS does not document its derivation). */
  fingerprint: string;
  /** Where the key came from: a file path, or `seed` for a derived test key. */
  source: string;
}

/** Completes a SigningKey from a private key. */
export function signingKeyFrom(privateKey: KeyObject, source: string): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'pkcs1', format: 'der' });
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    fingerprint: createHash('md5').update(der).digest('hex'),
    source,
  };
}

/** Largest key file read: an RSA-16384 PKCS#8 PEM is ~12.6 KB; 64 KiB leaves room for comments and chains. */
export const MAX_KEY_FILE_BYTES = 64 * 1024;

/** Reads an unencrypted RSA private key (PKCS#1 `BEGIN RSA PRIVATE KEY` or PKCS#8 `BEGIN PRIVATE KEY`). */
export async function loadSigningKey(path: string): Promise<SigningKey> {
  let pem: Buffer;
  try {
    // Only a regular file of key size: /dev/zero grew to 6 GB, and a FIFO without a writer
    // blocks the open, neither of which a signal could stop.
    const info = await stat(path);
    if (!info.isFile()) throw new UsageError(`--signing-key ${path}: not a regular file (expected a PEM key file)`);
    if (info.size > MAX_KEY_FILE_BYTES) throw new UsageError(`--signing-key ${path}: ${info.size} bytes, more than the ${MAX_KEY_FILE_BYTES / 1024} KiB a PEM private key can need`);
    pem = await readFile(path);
    if (pem.length > MAX_KEY_FILE_BYTES) throw new UsageError(`--signing-key ${path}: grew past ${MAX_KEY_FILE_BYTES / 1024} KiB while being read`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--signing-key ${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw new UsageError(`--signing-key ${path}: not a readable unencrypted PEM private key (${(err as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new UsageError(`--signing-key ${path}: expected an RSA private key, got ${key.asymmetricKeyType ?? 'an unknown key type'} (SHA256withRSA needs RSA)`);
  }
  return signingKeyFrom(key, path);
}

const derived = new Map<string, SigningKey>();
const inflight = new Map<string, { promise: Promise<SigningKey>; ref: () => void }>();

/** PKCS#1 PEM of the RSA-2048 private key derived from `seed` (pure). */
export function deriveTestKeyPem(seed: string): string {
  return deriveTestKeyObject(seed).export({ type: 'pkcs1', format: 'pem' }) as string;
}

/**
 * A deterministic RSA-2048 test key pair for a root seed. Never use it for anything but test
 * data: anyone who knows the seed can recompute the private key.
 */
export function deriveTestKey(seed: string): SigningKey {
  let key = derived.get(seed);
  if (!key) derived.set(seed, (key = signingKeyFrom(deriveTestKeyObject(seed), 'seed')));
  return key;
}

/**
 * Starts deriving the test key on a worker thread, so it overlaps with log generation; the
 * returned promise is shared by later calls for the same seed. Without the compiled worker
 * script (running from sources) it derives on this thread when awaited.
 */
export function deriveTestKeyInBackground(seed: string): Promise<SigningKey> {
  const done = derived.get(seed);
  if (done) return Promise.resolve(done);
  const running = inflight.get(seed);
  if (running) {
    running.ref();
    return running.promise;
  }
  const path = keygenWorkerPath();
  if (!path) return Promise.resolve().then(() => deriveTestKey(seed));
  const worker = new Worker(path, { workerData: seed });
  // Unreferenced until someone awaits the key: a failed run must not wait for it to exit.
  worker.unref();
  const promise = new Promise<SigningKey>((resolve, reject) => {
    worker.once('message', (pem: string) => {
      const key = signingKeyFrom(createPrivateKey(pem), 'seed');
      derived.set(seed, key);
      inflight.delete(seed);
      resolve(key);
    });
    worker.once('error', (err) => {
      inflight.delete(seed);
      reject(err);
    });
  });
  inflight.set(seed, { promise, ref: () => worker.ref() });
  return promise;
}

function keygenWorkerPath(): string | null {
  const beside = fileURLToPath(new URL('./keygen-worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = packagePath('dist/digest/keygen-worker.js');
  return existsSync(built) ? built : null;
}

/** Worker thread: derives the seed's test signing key (seconds of CPU) off the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { deriveTestKeyPem } from './signing-key.js';

parentPort!.postMessage(deriveTestKeyPem(workerData as string));

/** Worker thread: derives the seed's test signing key (0.04-0.25 s of CPU) off the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { deriveTestKeyPem } from './signing-key.js';

parentPort!.postMessage(deriveTestKeyPem(workerData as string));

// The worker thread of scanInWorker: scans the repository it is given and posts the LanguageScan back, or
// the error as plain data (a class does not survive the copy between threads).
import { parentPort, workerData } from 'node:worker_threads';
import { UetError } from '../../../core/errors.js';
import { scanLanguages } from './scan-languages.js';
import type { WorkerReply, WorkerRequest } from './scan-in-worker.js';

const { repoDir, includeFiles } = workerData as WorkerRequest;
const post = (reply: WorkerReply) => parentPort?.postMessage(reply);
scanLanguages(repoDir, { includeFiles }).then(
  (scan) => post({ ok: true, scan }),
  (error: unknown) =>
    post({
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof UetError ? { code: error.code } : {}),
    }),
);

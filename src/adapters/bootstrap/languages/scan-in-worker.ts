import module from 'node:module';
import { Worker } from 'node:worker_threads';
import type { LanguageScan } from '../../../core/bootstrap/language-scanner.js';
import { UsageError } from '../../../core/errors.js';

export interface WorkerRequest {
  readonly repoDir: string;
  readonly includeFiles: boolean;
  /** The compile cache of the starting thread (Node 22.1 and later), which a worker thread does not share by itself. */
  readonly compileCacheDir?: string;
}

/** module.getCompileCacheDir, which Node 20 does not have. */
const compileCacheDir = (module as { getCompileCacheDir?: () => string | undefined }).getCompileCacheDir;

export type WorkerReply =
  | { readonly ok: true; readonly scan: LanguageScan }
  | { readonly ok: false; readonly message: string; readonly code?: string };

export interface WorkerScan {
  /** The scan, or its error (UsageError for bad input, as scanLanguages throws it). */
  readonly result: Promise<LanguageScan>;
  /** Stops the worker (when the result is no longer wanted); the result then never settles. */
  cancel(): void;
}

const WORKER = new URL(
  `./scan-languages-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`,
  import.meta.url,
);

/**
 * Whether the scan can run in a worker: only from the built lib/ (.js). Under a TypeScript runner (vitest
 * runs src/), a worker thread could not load the .ts entry, and callers scan in their own thread.
 */
export const canScanInWorker = WORKER.pathname.endsWith('.js');

/**
 * Starts scanLanguages(repoDir) in a worker thread, so that the caller's thread (parsing configuration,
 * compiling schemas, planning) runs in parallel with the scan's classification. The error of a failed
 * scan keeps its meaning: bad input is a UsageError, anything else an Error with the scanner's message.
 */
export function scanInWorker(repoDir: string, options: { includeFiles?: boolean } = {}): WorkerScan {
  const cacheDir = compileCacheDir?.();
  const request: WorkerRequest = { repoDir, includeFiles: options.includeFiles ?? false, ...(cacheDir ? { compileCacheDir: cacheDir } : {}) };
  const worker = new Worker(WORKER, { workerData: request });
  let settled = false;
  const result = new Promise<LanguageScan>((resolve, reject) => {
    worker.once('message', (reply: WorkerReply) => {
      settled = true;
      if (reply.ok) resolve(reply.scan);
      else reject(reply.code === 'usage' ? new UsageError(reply.message) : new Error(reply.message));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(new Error(`the language scan crashed: ${error.message}`, { cause: error }));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the language scan stopped (exit code ${code}) without a result`));
    });
  });
  result.catch(() => undefined); // a caller that stops waiting (bad input found first) must not crash the process
  return {
    result,
    cancel() {
      settled = true;
      void worker.terminate();
    },
  };
}

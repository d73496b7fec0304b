// The worker thread of scanInWorker: scans the repository it is given and posts the LanguageScan back, or
// the error as plain data (a class does not survive the copy between threads). git starts listing the tree
// first; the classifier's modules (the language index, the path patterns) load while it works.
import module from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { UetError } from '../../../core/errors.js';
import { readRepositoryTree } from './read-repository-tree.js';
import type { WorkerReply, WorkerRequest } from './scan-in-worker.js';

const { repoDir, includeFiles, compileCacheDir } = workerData as WorkerRequest;
const post = (reply: WorkerReply) => parentPort?.postMessage(reply);
const tree = readRepositoryTree(repoDir);
tree.catch(() => undefined); // the scan awaits it once its modules are loaded
// The scanner's modules (most of what this thread compiles) come from the starting thread's compile cache, if it has one.
if (compileCacheDir) (module as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache?.(compileCacheDir);
import('./scan-languages.js')
  .then(({ scanLanguages }) => scanLanguages(repoDir, { includeFiles, tree }))
  .then(
    (scan) => post({ ok: true, scan }),
    (error: unknown) =>
      post({
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        ...(error instanceof UetError ? { code: error.code } : {}),
      }),
  );

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GIT_SAFE_ARGS } from '../../git/git-safety.js';
import { gitEnvironment } from './git-process.js';
import { createBatchParser } from './parse-batch-output.js';
import { createSpoolPump, type SpoolPump } from './pump-spool.js';

/** Receives each blob asked for: its first bytes as a binary string, or null when it could not be read. */
export type OnBlob = (oid: string, sample: string | null) => void;

export interface BlobReader {
  /** Reads the blobs in order; resolves once each has been handed to onBlob (null for unreadable ones). */
  read(oids: readonly string[], onBlob: OnBlob): Promise<void>;
  close(): void;
}

export interface BlobReaderOptions {
  /** Bytes of each blob to keep. */
  readonly sampleBytes: number;
  /** Spool git's output through an unlinked temporary file (see below) rather than a pipe. */
  readonly spool: boolean;
}

interface Request {
  readonly oids: readonly string[];
  readonly onBlob: OnBlob;
  next: number;
  readonly done: () => void;
}

/** Objects between two flushes of `--batch-command --buffer`. */
const FLUSH_EVERY = 256;

function commands(oids: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < oids.length; i += FLUSH_EVERY) {
    out.push(`contents ${oids.slice(i, i + FLUSH_EVERY).join('\ncontents ')}\nflush\n`);
  }
  return out.join('');
}

let spoolCount = 0;

/**
 * One long-lived `git cat-file --batch-command --buffer` for all the reads of a scan (`--batch` with a git
 * older than 2.36, which exits 129 on --batch-command). With `spool`, its output goes to an unlinked
 * temporary file read in 1 MiB steps while git writes it: through a pipe Node takes small blobs in ~1 KiB
 * pieces, and the cost per piece adds a third to a scan. (The file holds every blob read, so the caller
 * spools only when that is small.) Only the first `sampleBytes` of each blob are kept. If git dies, the
 * blobs not yet read are reported as unreadable.
 */
export function createBlobReader(repoDir: string, options: BlobReaderOptions): BlobReader {
  const queue: Request[] = [];
  let child: ChildProcess;
  let batchCommand = true;
  let exited = false;
  let closing = false;
  let readFd = -1;
  let received = false;

  const deliver = (value: string | null) => {
    received = true;
    const request = queue[0];
    if (!request) return;
    request.onBlob(request.oids[request.next]!, value);
    request.next++;
    if (request.next === request.oids.length) {
      queue.shift();
      request.done();
    }
  };
  let parser = createBatchParser(options.sampleBytes, deliver);
  const failAll = () => {
    while (queue.length) {
      const request = queue[0]!;
      while (request.next < request.oids.length) deliver(null);
    }
  };
  const send = (oids: readonly string[]) =>
    child.stdin?.write(batchCommand ? commands(oids) : `${oids.join('\n')}\n`);
  let spoolPump: SpoolPump | undefined;
  const pump = () => {
    if (!closing) spoolPump?.pump();
  };

  const start = () => {
    let stdout: 'pipe' | number = 'pipe';
    if (options.spool) {
      const file = join(tmpdir(), `uet-cat-file-${process.pid}-${++spoolCount}`);
      stdout = openSync(file, 'w');
      readFd = openSync(file, 'r');
      spoolPump = createSpoolPump({
        fd: readFd,
        parser: () => parser,
        pending: () => queue.length > 0,
        exited: () => exited,
        fail: failAll,
      });
      try {
        unlinkSync(file); // gone from the directory at once; the two descriptors keep it alive
      } catch {
        /* a system that cannot unlink an open file: it stays in the temporary directory */
      }
    }
    exited = false;
    const args = batchCommand ? ['cat-file', '--batch-command', '--buffer'] : ['cat-file', '--batch'];
    child = spawn('git', [...GIT_SAFE_ARGS, ...args], { cwd: repoDir, env: gitEnvironment(), stdio: ['pipe', stdout, 'ignore'] });
    if (typeof stdout === 'number') closeSync(stdout);
    child.stdout?.on('data', (chunk: Buffer) => parser.push(chunk));
    child.stdin?.on('error', () => undefined);
    child.on('error', () => {
      exited = true;
      failAll();
    });
    child.on('close', (code) => {
      if (code === 129 && batchCommand && !received && !closing) {
        batchCommand = false; // an old git: start over with --batch and resend what is pending
        if (options.spool) {
          spoolPump?.stop(); // its read may still be under way: it must not fail the requests resent below
          closeSync(readFd);
        }
        parser = createBatchParser(options.sampleBytes, deliver);
        start();
        for (const request of queue) send(request.oids.slice(request.next));
        pump();
        return;
      }
      exited = true;
      if (options.spool) pump();
      else failAll();
    });
  };
  start();

  return {
    read(oids, onBlob) {
      if (oids.length === 0) return Promise.resolve();
      return new Promise((resolve) => {
        queue.push({ oids, onBlob, next: 0, done: resolve });
        if (!exited) send(oids);
        if (options.spool) pump();
        else if (exited) failAll();
      });
    },
    close() {
      closing = true;
      child.stdin?.end();
      if (!options.spool) return;
      const closeSpool = () => {
        spoolPump?.stop();
        closeSync(readFd);
      };
      if (exited) closeSpool();
      else child.once('close', closeSpool);
    },
  };
}

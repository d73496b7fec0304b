import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { gitEnvironment } from './git-process.js';
import { createBatchParser } from './parse-batch-output.js';

/** Receives each blob asked for: its first bytes as a binary string, or null when it could not be read. */
export type OnBlob = (oid: string, sample: string | null) => void;

export interface BlobReader {
  /** Reads the blobs in order; resolves once each has been handed to onBlob (null for unreadable ones). */
  read(oids: readonly string[], onBlob: OnBlob): Promise<void>;
  close(): void;
}

interface Request {
  readonly oids: readonly string[];
  readonly onBlob: OnBlob;
  next: number;
  readonly done: () => void;
}

/** Objects between two flushes: git writes in blocks, yet we parse while it works on the next ones. */
const FLUSH_EVERY = 256;

/** `--batch-command --buffer` input (git >= 2.36): contents requests with a flush every FLUSH_EVERY. */
function commands(oids: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < oids.length; i += FLUSH_EVERY) {
    out.push(`contents ${oids.slice(i, i + FLUSH_EVERY).join('\ncontents ')}\nflush\n`);
  }
  return out.join('');
}

/**
 * One long-lived `git cat-file --batch-command --buffer` for all the reads of a scan (`--batch` with an
 * older git, which rejects --batch-command with exit code 129). Only the first `sampleBytes` of each blob
 * are kept, so memory stays flat on large repositories. If git dies, the blobs not yet read are reported
 * as unreadable.
 */
export function createBlobReader(repoDir: string, sampleBytes: number): BlobReader {
  const queue: Request[] = [];
  let dead = false;
  let closing = false;
  let child: ChildProcessWithoutNullStreams;

  const deliver = (value: string | null) => {
    const request = queue[0];
    if (!request) return;
    request.onBlob(request.oids[request.next]!, value);
    request.next++;
    if (request.next === request.oids.length) {
      queue.shift();
      request.done();
    }
  };
  const failAll = () => {
    dead = true;
    while (queue.length) {
      const request = queue[0]!;
      while (request.next < request.oids.length) deliver(null);
    }
  };
  const send = (oids: readonly string[], batchCommand: boolean) =>
    child.stdin.write(batchCommand ? commands(oids) : `${oids.join('\n')}\n`);

  const start = (batchCommand: boolean) => {
    const args = batchCommand ? ['cat-file', '--batch-command', '--buffer'] : ['cat-file', '--batch'];
    child = spawn('git', args, { cwd: repoDir, env: gitEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
    let received = false;
    const parse = createBatchParser(sampleBytes, deliver);
    child.stdout.on('data', (chunk: Buffer) => {
      received = true;
      parse(chunk);
    });
    child.stderr.resume();
    child.stdin.on('error', () => undefined);
    child.on('error', failAll);
    child.on('close', (code) => {
      if (code === 129 && batchCommand && !received && !closing) {
        start(false); // an old git: start over with --batch and resend what is pending
        for (const request of queue) send(request.oids.slice(request.next), false);
      } else failAll();
    });
  };
  start(true);

  return {
    read(oids, onBlob) {
      if (oids.length === 0) return Promise.resolve();
      return new Promise((resolve) => {
        queue.push({ oids, onBlob, next: 0, done: resolve });
        if (dead) failAll();
        else send(oids, child.spawnargs.includes('--batch-command'));
      });
    },
    close() {
      closing = true;
      child.stdin.end();
    },
  };
}

import { spawn } from 'node:child_process';
import { gitEnvironment } from './git-process.js';

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

/**
 * One long-lived `git cat-file --batch-command` for all the reads of a scan. Each blob is streamed through and
 * only its first `sampleBytes` are kept (as a latin1 string: one char per byte), so memory stays flat on
 * large repositories. If git dies, the blobs not yet read are reported as unreadable.
 */
export function createBlobReader(repoDir: string, sampleBytes: number): BlobReader {
  // --batch-command --buffer: git writes its output in large blocks; each request ends with `flush`.
  const child = spawn('git', ['cat-file', '--batch-command', '--buffer'], {
    cwd: repoDir,
    env: gitEnvironment(),
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const queue: Request[] = [];
  let dead = false;
  // Parser state: the header being accumulated, or the body being streamed.
  let header = '';
  let remaining = -1; // bytes of body left (plus the trailing newline), -1 while reading a header
  let isBlob = false;
  let wanted = 0; // bytes of the sample still to collect
  let parts: Buffer[] = []; // views into the chunks (no copy) when a sample spans chunks

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

  child.on('error', failAll);
  child.on('close', failAll);
  child.stdin.on('error', () => undefined);
  child.stdout.on('data', (chunk: Buffer) => {
    let i = 0;
    while (i < chunk.length) {
      if (remaining < 0) {
        const nl = chunk.indexOf(10, i);
        header += chunk.toString('latin1', i, nl < 0 ? chunk.length : nl);
        if (nl < 0) return;
        i = nl + 1;
        const [, type, size] = header.split(' ');
        header = '';
        if (type === undefined || size === undefined) {
          deliver(null); // "<oid> missing" or "ambiguous"
          continue;
        }
        const bytes = Number(size);
        remaining = bytes + 1;
        // A non-blob (a tree or commit id) is streamed through and reported unreadable.
        isBlob = type === 'blob';
        wanted = isBlob ? Math.min(bytes, sampleBytes) : 0;
        parts = [];
        if (isBlob && wanted + 1 <= chunk.length - i && remaining <= chunk.length - i) {
          // The whole blob is in this chunk (the common case): one string, no intermediate buffer.
          const value = chunk.toString('latin1', i, i + wanted);
          i += remaining;
          remaining = -1;
          deliver(value);
          continue;
        }
      }
      const take = Math.min(remaining, chunk.length - i);
      if (wanted > 0) {
        const copy = Math.min(wanted, take);
        parts.push(chunk.subarray(i, i + copy));
        wanted -= copy;
      }
      i += take;
      remaining -= take;
      if (remaining === 0) {
        remaining = -1;
        deliver(isBlob ? Buffer.concat(parts).toString('latin1') : null);
        parts = [];
      }
    }
  });

  return {
    read(oids, onBlob) {
      if (oids.length === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const request: Request = { oids, onBlob, next: 0, done: resolve };
        queue.push(request);
        if (dead) failAll();
        else child.stdin.write(`contents ${oids.join('\ncontents ')}\nflush\n`);
      });
    },
    close() {
      child.stdin.end();
      if (!dead) child.kill();
    },
  };
}

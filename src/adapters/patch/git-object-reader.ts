import { spawn } from 'node:child_process';
import { GitError } from '../git/git-error.js';
import { GIT_BASE_ARGS, gitEnv } from '../git/run-git.js';

export interface GitObject {
  readonly type: string;
  readonly data: Buffer;
}

export interface GitObjectReader {
  /** The object, or null when the repository does not have it. */
  read(id: string): Promise<GitObject | null>;
  close(): void;
}

interface Pending {
  resolve(o: GitObject | null): void;
  reject(e: Error): void;
}


/**
 * One long-lived `git cat-file --batch` for the repository at `root`: reads objects (blobs, trees, commits) without a
 * process per read. Requests are answered in order. close() ends the process.
 */
export function createGitObjectReader(root: string): GitObjectReader {
  const child = spawn('git', [...GIT_BASE_ARGS, 'cat-file', '--batch'], { cwd: root, env: gitEnv(process.env, undefined), stdio: ['pipe', 'pipe', 'ignore'] });
  const queue: Pending[] = [];
  let buf: Buffer = Buffer.alloc(0);
  let failed: Error | undefined;
  const fail = (e: Error) => {
    failed ??= e;
    for (const p of queue.splice(0)) p.reject(failed);
  };
  child.on('error', (e) => fail(new GitError(['cat-file', '--batch'], null, e.message, { cause: e })));
  child.on('exit', (code) => fail(new GitError(['cat-file', '--batch'], code, 'git cat-file --batch exited')));
  child.stdin.on('error', () => undefined);
  child.stdout.on('data', (chunk: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    for (;;) {
      const nl = buf.indexOf(10);
      if (nl < 0 || !queue.length) return;
      const header = buf.subarray(0, nl).toString('latin1');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        buf = buf.subarray(nl + 1);
        queue.shift()!.resolve(null);
        continue;
      }
      const [, type = '', size = '0'] = header.split(' ');
      const end = nl + 1 + Number(size);
      if (buf.length < end + 1) return;
      const data = Buffer.from(buf.subarray(nl + 1, end));
      buf = buf.subarray(end + 1);
      queue.shift()!.resolve({ type, data });
    }
  });
  return {
    read(id) {
      if (failed) return Promise.reject(failed);
      if (!/^[0-9a-f]{4,64}$/.test(id)) return Promise.resolve(null);
      return new Promise((resolve, reject) => {
        queue.push({ resolve, reject });
        child.stdin.write(`${id}\n`);
      });
    },
    close() {
      child.removeAllListeners('exit');
      child.stdin.end();
      child.kill();
    },
  };
}

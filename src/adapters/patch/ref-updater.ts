import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { GIT_BASE_ARGS, gitEnv } from '../git/run-git.js';

export interface RefUpdater {
  /** Moves `ref` from `from` to `to` if it is still at `from` (compare-and-swap); false when it had moved. */
  advance(ref: string, to: string, from: string): Promise<boolean>;
  close(): void;
}


/**
 * One long-lived `git update-ref --stdin` that commits one transaction per advance (`start`, `update <ref> <new>
 * <old>`, `commit`): git's own locking, compare-and-swap and reflog, without a process per update. git ends the
 * process when a transaction fails (the ref moved); the next advance starts a new one.
 */
export function createRefUpdater(root: string, message: string): RefUpdater {
  let child: ChildProcessWithoutNullStreams | undefined;
  let out = '';
  let waiting: ((line: string | null) => void) | undefined;
  const start = () => {
    // core.warnAmbiguousRefs=false: git would otherwise look up each full object id as a ref name (a dozen stats per
    // id, two ids per update) only to warn; a 40-hex id is read as the object either way.
    const c = spawn('git', [...GIT_BASE_ARGS, '-c', 'core.warnAmbiguousRefs=false', 'update-ref', '-m', message, '--stdin'], { cwd: root, env: gitEnv(process.env, undefined) });
    c.stdin.on('error', () => undefined);
    c.stderr.resume();
    c.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('commit: ')) {
        const line = out;
        out = '';
        waiting?.(line);
      }
    });
    c.on('exit', () => {
      if (child === c) child = undefined;
      out = '';
      waiting?.(null);
    });
    return c;
  };
  return {
    advance(ref, to, from) {
      const c = (child ??= start());
      return new Promise((resolve) => {
        waiting = (line) => {
          waiting = undefined;
          resolve(line !== null && line.includes('commit: ok'));
        };
        c.stdin.write(`start\nupdate ${ref} ${to} ${from}\ncommit\n`);
      });
    },
    close() {
      child?.stdin.end();
      child = undefined;
    },
  };
}

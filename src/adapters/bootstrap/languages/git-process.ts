import { spawn } from 'node:child_process';
import { GitError } from '../../git/git-error.js';
import { GIT_SAFE_ARGS } from '../../git/git-safety.js';
import { gitEnv } from '../../git/run-git.js';

/** The environment for git (gitEnv: no credential, no global or system config), plus `extra`. */
export function gitEnvironment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return gitEnv(process.env, extra);
}

export interface GitOutput {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly code: number;
}

export interface GitProcessOptions {
  readonly input?: string | Buffer;
  readonly env?: Readonly<Record<string, string>>;
  /** Exit codes that are not errors. Default [0]. */
  readonly okCodes?: readonly number[];
}

/** Runs `git <args>` in `cwd` and collects stdout as bytes (paths and blobs need not be UTF-8). */
export function gitProcess(
  cwd: string,
  args: readonly string[],
  options: GitProcessOptions = {},
): Promise<GitOutput> {
  const okCodes = options.okCodes ?? [0];
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...GIT_SAFE_ARGS, ...args], {
      cwd,
      env: gitEnvironment(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (error) => reject(new GitError(args, null, error.message, { cause: error })));
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      if (code !== null && okCodes.includes(code)) resolve({ stdout: Buffer.concat(out), stderr, code });
      else reject(new GitError(args, code, stderr));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

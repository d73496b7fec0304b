import { runGit, type GitResult } from '../adapters/git/run-git.js';

/**
 * Git against the checkout's `origin`, as the runner does it: plain git, no REST. When the checkout did not persist
 * its credentials (the execute job), the token goes in an extra header passed through GIT_CONFIG_* variables, never
 * on a command line; a checkout that persisted them keeps its own header (two Authorization headers are refused).
 */
export interface GitRemote {
  readonly cwd: string;
  git(args: readonly string[], options?: { okCodes?: readonly number[]; input?: string; env?: Record<string, string> }): Promise<GitResult>;
}

export interface GitRemoteOptions {
  readonly cwd: string;
  readonly token?: string;
  readonly serverUrl: string;
  readonly parentEnv: NodeJS.ProcessEnv;
}

export const UET_IDENTITY: Readonly<Record<string, string>> = {
  GIT_AUTHOR_NAME: 'uet[bot]',
  GIT_AUTHOR_EMAIL: 'uet[bot]@users.noreply.github.com',
  GIT_COMMITTER_NAME: 'uet[bot]',
  GIT_COMMITTER_EMAIL: 'uet[bot]@users.noreply.github.com',
};

export async function createGitRemote(o: GitRemoteOptions): Promise<GitRemote> {
  let auth: Record<string, string> = {};
  if (o.token !== undefined && /^https?:/.test(o.serverUrl)) {
    const persisted = await runGit(o.cwd, ['config', '--get-regexp', '^http\\..*\\.extraheader$'], {
      okCodes: [0, 1],
      parentEnv: o.parentEnv,
    });
    if (persisted.stdout.trim() === '') {
      const basic = Buffer.from(`x-access-token:${o.token}`).toString('base64');
      auth = {
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: `http.${o.serverUrl.replace(/\/$/, '')}/.extraheader`,
        GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
      };
    }
  }
  return {
    cwd: o.cwd,
    git: (args, options = {}) =>
      runGit(o.cwd, args, {
        parentEnv: o.parentEnv,
        env: { ...auth, ...UET_IDENTITY, ...(options.env ?? {}) },
        ...(options.okCodes ? { okCodes: options.okCodes } : {}),
        ...(options.input !== undefined ? { input: options.input } : {}),
      }),
  };
}

/** The commit `origin` has at `ref` (a full ref name), fetched into the local object store; null when absent. */
export async function fetchRef(remote: GitRemote, ref: string): Promise<string | null> {
  const r = await remote.git(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', 'origin', `+${ref}:refs/uet-fetched/${ref.replace(/^refs\//, '')}`], { okCodes: [0, 1, 128] });
  if (r.code !== 0) {
    if (/couldn't find remote ref|not our ref|no such ref/i.test(r.stderr)) return null;
    throw new Error(`git fetch origin ${ref} failed: ${r.stderr.trim()}`);
  }
  const sha = await remote.git(['rev-parse', '--verify', `refs/uet-fetched/${ref.replace(/^refs\//, '')}^{commit}`]);
  return sha.stdout.trim();
}

/** A non-force push of `commit` to `ref`: true when it landed, false when the remote moved first (a lost race). */
export async function pushRef(remote: GitRemote, commit: string, ref: string, force = false): Promise<boolean> {
  const r = await remote.git(['push', '--quiet', '--porcelain', 'origin', `${force ? '+' : ''}${commit}:${ref}`], { okCodes: [0, 1] });
  if (r.code === 0) return true;
  if (/\[rejected\]|non-fast-forward|fetch first|stale info|failed to lock|cannot lock ref|\[remote rejected\]/i.test(r.stdout + r.stderr)) return false;
  throw new Error(`git push origin ${ref} failed: ${(r.stderr || r.stdout).trim()}`);
}

/**
 * One atomic push of several refs, each compare-and-swap: `expect` is the commit the ref must still be at, or ''
 * for a ref that must not exist (a create that fails for a second writer). True when all landed, false when any
 * lease failed (then none moved).
 */
export async function pushRefs(remote: GitRemote, updates: readonly { ref: string; commit: string; expect: string }[]): Promise<boolean> {
  const leases = updates.map((u) => `--force-with-lease=${u.ref}:${u.expect}`);
  const specs = updates.map((u) => `${u.commit}:${u.ref}`);
  const r = await remote.git(['push', '--quiet', '--porcelain', '--atomic', ...leases, 'origin', ...specs], { okCodes: [0, 1] });
  if (r.code === 0) return true;
  if (/\[rejected\]|non-fast-forward|fetch first|stale info|failed to lock|cannot lock ref|\[remote rejected\]|atomic push failed/i.test(r.stdout + r.stderr)) return false;
  throw new Error(`git push origin ${updates.map((u) => u.ref).join(' ')} failed: ${(r.stderr || r.stdout).trim()}`);
}

import { configGet } from './repo-queries.js';

export const FALLBACK_IDENTITY = { name: 'UET', email: 'uet@localhost' } as const;

/**
 * `-c` arguments that give git a committer identity when the repository (or the user's config) has none,
 * so that UET never requires a global git config. Also turns off signing and auto-gc for UET's commits.
 */
export async function readCommitConfigArgs(repoDir: string): Promise<string[]> {
  const [name, email] = await Promise.all([
    configGet(repoDir, 'user.name'),
    configGet(repoDir, 'user.email'),
  ]);
  return [
    ...(name ? [] : ['-c', `user.name=${FALLBACK_IDENTITY.name}`]),
    ...(email ? [] : ['-c', `user.email=${FALLBACK_IDENTITY.email}`]),
    '-c',
    'commit.gpgsign=false',
    '-c',
    'gc.auto=0',
    '-c',
    'maintenance.auto=false',
  ];
}

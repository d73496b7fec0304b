import { readUserConfig } from './git-safety.js';

export const FALLBACK_IDENTITY = { name: 'UET', email: 'uet@localhost' } as const;

/**
 * `-c` arguments that give UET's commits the user's identity (read once from their config, since UET's own git
 * processes read no global config), or UET's when there is none, so that UET never requires a git config. Also turns
 * off signing and auto-gc for UET's commits. GIT_AUTHOR_* and GIT_COMMITTER_* in the environment still win.
 */
export async function readCommitConfigArgs(repoDir: string, parent: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const [[name], [email]] = await Promise.all([
    readUserConfig(repoDir, ['--get', 'user.name'], parent),
    readUserConfig(repoDir, ['--get', 'user.email'], parent),
  ]);
  return [
    '-c',
    `user.name=${name ?? FALLBACK_IDENTITY.name}`,
    '-c',
    `user.email=${email ?? FALLBACK_IDENTITY.email}`,
    '-c',
    'commit.gpgsign=false',
    '-c',
    'gc.auto=0',
    '-c',
    'maintenance.auto=false',
  ];
}

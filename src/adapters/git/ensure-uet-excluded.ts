import { mkdir, readFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { gitCommonDir } from './repo-queries.js';

export const UET_EXCLUDES = ['.uet/runs/', '.uet/ledger/'] as const;

/**
 * Adds `.uet/runs/` and `.uet/ledger/` to `<git-common-dir>/info/exclude` (shared by all worktrees), so
 * UET's own files never show as untracked. Idempotent: present lines are not added again.
 */
export async function ensureUetExcluded(repoDir: string): Promise<void> {
  const file = path.join(await gitCommonDir(repoDir), 'info', 'exclude');
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await mkdir(path.dirname(file), { recursive: true });
  }
  const present = new Set(text.split('\n').map((l) => l.trim()));
  const missing = UET_EXCLUDES.filter((p) => !present.has(p) && !present.has(`/${p}`));
  if (!missing.length) return;
  const prefix = text === '' || text.endsWith('\n') ? '' : '\n';
  await appendFile(file, `${prefix}# added by uet (run logs and patch ledger)\n${missing.join('\n')}\n`);
}

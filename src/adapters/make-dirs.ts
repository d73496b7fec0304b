import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/**
 * `mkdir -p`, with the real cause when it fails: Node's recursive mkdir reports ENOENT when a directory cannot be
 * created under a read-only or forbidden parent, so a user would read "no such directory" for "read-only file
 * system". On ENOENT the first missing directory is created alone, which fails with the true errno (EROFS, EACCES,
 * ENOTDIR) and that error is thrown. Returns the first directory created, as mkdir does.
 */
export async function makeDirs(dir: string): Promise<string | undefined> {
  try {
    return await mkdir(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    let existing = dirname(dir);
    while (existing !== dirname(existing) && !(await stat(existing).then(() => true, () => false))) existing = dirname(existing);
    const next = join(existing, relative(existing, dir).split(sep)[0] ?? '');
    await mkdir(next); // throws the true cause
    return mkdir(dir, { recursive: true });
  }
}

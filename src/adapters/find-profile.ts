import { stat } from 'node:fs/promises';
import { dirname, join, parse } from 'node:path';
import { packageRoot } from './package-root.js';
import { readDocument } from './read-document.js';

export interface FoundProfile {
  /** The profile.json that was read. */
  readonly path: string;
  readonly value: unknown;
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Where `findProfile` looks: `profiles/` in `fromDir` and each of its ancestors, then uet's own `profiles/`. */
export function profileSearchDirs(fromDir: string): string[] {
  const dirs: string[] = [];
  for (let dir = fromDir; ; dir = dirname(dir)) {
    dirs.push(join(dir, 'profiles'));
    if (dir === parse(dir).root) break;
  }
  dirs.push(join(packageRoot, 'profiles'));
  return [...new Set(dirs)];
}

/**
 * Finds and reads `profiles/<profileId>/profile.json`: next to the document (in its directory or an ancestor, as
 * in a repository with its own profiles), else among the profiles shipped with uet. Undefined when none exists;
 * InputError when one exists but cannot be parsed.
 */
export async function findProfile(profileId: string, fromDir: string): Promise<FoundProfile | undefined> {
  if (!SAFE_ID.test(profileId) || profileId.includes('..')) return undefined;
  for (const dir of profileSearchDirs(fromDir)) {
    const path = join(dir, profileId, 'profile.json');
    if (await isFile(path)) return { path, value: await readDocument(path) };
  }
  return undefined;
}

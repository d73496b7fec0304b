import { readdir } from 'node:fs/promises';
import { delimiter } from 'node:path';

/** The names of every entry in the PATH directories (what a shell could run by name). Missing directories are skipped. */
export async function findExecutables(pathEnv: string | undefined): Promise<Set<string>> {
  const names = new Set<string>();
  const dirs = [...new Set((pathEnv ?? '').split(delimiter).filter(Boolean))];
  const lists = await Promise.all(dirs.map((d) => readdir(d).catch(() => [] as string[])));
  for (const list of lists) for (const name of list) names.add(name);
  return names;
}

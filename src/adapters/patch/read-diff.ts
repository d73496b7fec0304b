import { runGit } from '../git/run-git.js';

/**
 * git diff settings that make the output the same whatever the user's configuration: a/ b/ prefixes, no external
 * diff or textconv, no colour, renames detected, blank context lines kept as " ", paths unquoted beyond C escapes.
 */
const STABLE = [
  '-c', 'diff.noprefix=false',
  '-c', 'diff.mnemonicPrefix=false',
  '-c', 'diff.suppressBlankEmpty=false',
  '-c', 'diff.relative=false',
] as const;

/** `git diff --binary --full-index -M <base> <commit>`: the patch of a commit against its base. */
export async function readDiff(root: string, base: string, commit: string): Promise<string> {
  const r = await runGit(root, [...STABLE, 'diff', '--binary', '--full-index', '-M', '--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/', base, commit, '--']);
  return r.stdout;
}

/** Per path (the new path of a rename): lines added and deleted, or null for a binary file. */
export type Numstat = Map<string, { readonly insertions: number; readonly deletions: number } | null>;

/** `git diff --numstat -z -M <base> <commit>`, parsed. */
export async function readNumstat(root: string, base: string, commit: string): Promise<Numstat> {
  const r = await runGit(root, [...STABLE, 'diff', '--numstat', '-z', '-M', '--no-ext-diff', '--no-textconv', base, commit, '--']);
  const fields = r.stdout.split('\0');
  const out: Numstat = new Map();
  for (let i = 0; i < fields.length; i++) {
    const m = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(fields[i]!);
    if (!m) continue;
    let path = m[3]!;
    if (path === '') {
      path = fields[i + 2] ?? '';
      i += 2;
    }
    out.set(path, m[1] === '-' ? null : { insertions: Number(m[1]), deletions: Number(m[2]) });
  }
  return out;
}

/** Sizes in bytes of blobs, by id (`git cat-file --batch-check`); missing objects are left out. */
export async function readBlobSizes(root: string, blobs: readonly string[]): Promise<Map<string, number>> {
  const wanted = [...new Set(blobs.filter((b) => !/^0+$/.test(b)))];
  if (!wanted.length) return new Map();
  const r = await runGit(root, ['cat-file', '--batch-check=%(objectname) %(objectsize)'], { input: `${wanted.join('\n')}\n` });
  const out = new Map<string, number>();
  for (const line of r.stdout.split('\n')) {
    const [id, size] = line.split(' ');
    if (id && size && /^\d+$/.test(size)) out.set(id, Number(size));
  }
  return out;
}

import { runGit } from './run-git.js';

/** A file's text at a commit (`git cat-file blob <commit>:<path>`), or undefined when the commit has no such file. */
export async function readFileAt(repoRoot: string, commit: string, path: string): Promise<string | undefined> {
  const r = await runGit(repoRoot, ['cat-file', 'blob', `${commit}:${path}`], { okCodes: [0, 128] });
  return r.code === 0 ? r.stdout : undefined;
}

import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { git, makeTempDir } from '../../helpers/temp-repo.js';

export interface RepoSpec {
  readonly files: Readonly<Record<string, string | Buffer>>;
  readonly symlinks?: Readonly<Record<string, string>>;
  readonly submodule?: { readonly path: string; readonly commit: string };
  /** Stage only (no commit). */
  readonly stageOnly?: boolean;
}

/** A real git repository with these files committed (or only staged). */
export async function makeRepo(spec: RepoSpec): Promise<string> {
  const dir = await makeTempDir('uet-lang-');
  await git(dir, 'init', '-q', '-b', 'main');
  for (const [name, content] of Object.entries(spec.files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  for (const [name, target] of Object.entries(spec.symlinks ?? {})) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await symlink(target, path.join(dir, name));
  }
  await git(dir, 'add', '-A');
  if (spec.submodule) {
    await git(
      dir,
      'update-index',
      '--add',
      '--cacheinfo',
      `160000,${spec.submodule.commit},${spec.submodule.path}`,
    );
  }
  if (!spec.stageOnly) await git(dir, 'commit', '-q', '-m', 'fixture');
  return dir;
}

import { execFile } from 'node:child_process';
import type { TreeLevel, TreeObjects } from '../../support/github-routes/onboarding-routes.js';
import type { BareRepo } from './bare-repo.js';

const git = (dir: string, args: string[]) =>
  new Promise<Buffer | undefined>((resolve) => {
    execFile('git', args, { cwd: dir, encoding: 'buffer', maxBuffer: 256 << 20 }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    );
  });

/** The bare repository's trees and blobs, read with git itself (`ls-tree -l -z`, `cat-file blob`). */
export function bareTreeObjects(repo: BareRepo): TreeObjects {
  return {
    async readTree(sha): Promise<TreeLevel | undefined> {
      const tree = (await git(repo.dir, ['rev-parse', '--verify', '--quiet', `${sha}^{tree}`]))
        ?.toString()
        .trim();
      if (!tree) return undefined;
      const out = await git(repo.dir, ['ls-tree', '-l', '-z', tree]);
      if (!out) return undefined;
      const entries = out
        .toString('utf8')
        .split('\0')
        .filter(Boolean)
        .map((line) => {
          const tab = line.indexOf('\t');
          const [mode, type, id, size] = line.slice(0, tab).split(/\s+/) as [
            string,
            'blob' | 'tree' | 'commit',
            string,
            string,
          ];
          return {
            name: line.slice(tab + 1),
            mode,
            type,
            sha: id,
            ...(type === 'blob' ? { size: Number(size) } : {}),
          };
        });
      return { sha: tree, entries };
    },
    readBlob: async (sha) =>
      (await git(repo.dir, ['cat-file', '-t', sha]))?.toString().trim() === 'blob'
        ? git(repo.dir, ['cat-file', 'blob', sha])
        : undefined,
  };
}

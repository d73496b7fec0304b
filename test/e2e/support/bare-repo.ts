import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ZERO = '0000000000000000000000000000000000000000';
const IDENTITY = {
  GIT_AUTHOR_NAME: 'GitHub',
  GIT_AUTHOR_EMAIL: 'noreply@github.com',
  GIT_COMMITTER_NAME: 'GitHub',
  GIT_COMMITTER_EMAIL: 'noreply@github.com',
};

export interface GitOut {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TreeEntry {
  readonly path: string;
  readonly mode?: string;
  readonly content?: string;
  readonly sha?: string | null;
}

export interface CommitInfo {
  readonly sha: string;
  readonly tree: string;
  readonly parents: string[];
  readonly message: string;
}

export interface CompareFile {
  readonly filename: string;
  readonly status: 'added' | 'removed' | 'modified' | 'renamed';
  readonly additions: number;
  readonly deletions: number;
}

let indexes = 0;

/**
 * The simulated GitHub's storage: a real bare git repository, operated with git plumbing. Ref writes are git's own
 * compare-and-swap (`update-ref <ref> <new> <old>`), so a create of an existing ref and a stale update fail as
 * they do on GitHub, even when the runners push to the same repository over file:// at the same moment.
 */
export class BareRepo {
  readonly dir: string;

  constructor(root = mkdtempSync(join(tmpdir(), 'uet-e2e-'))) {
    this.dir = join(root, 'origin.git');
  }

  get url(): string {
    return `file://${this.dir}`;
  }

  async init(): Promise<void> {
    await this.run(['init', '--quiet', '--bare', '-b', 'main', this.dir], { cwd: '/' });
    // Every ref update (API writes and pushes over file://) is logged with its time: the activity API reads it.
    await this.run(['config', 'core.logAllRefUpdates', 'always']);
  }

  /**
   * The updates of a branch, newest first, from its reflog: what GitHub's repository activity API lists
   * (`GET /repos/{owner}/{repo}/activity?ref=<branch>`), each with the sha before and after and its time.
   */
  async refActivity(branch: string): Promise<{ before: string; after: string; timestamp: string }[]> {
    let text: string;
    try {
      text = await readFile(join(this.dir, 'logs', 'refs', 'heads', ...branch.split('/')), 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [before, after] = line.split(' ') as [string, string];
        // `<old> <new> <name> <email> <seconds> <zone>`, then a tab and a message only when the update had one.
        const seconds = Number(/ (\d+) [+-]\d{4}(?:\t|$)/.exec(line)?.[1] ?? 0);
        return { before, after, timestamp: new Date(seconds * 1000).toISOString() };
      })
      .reverse();
  }

  run(
    args: string[],
    o: { input?: string; env?: Record<string, string>; cwd?: string; ok?: number[] } = {},
  ): Promise<GitOut> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        args,
        {
          cwd: o.cwd ?? this.dir,
          env: { ...process.env, ...IDENTITY, LC_ALL: 'C', ...o.env },
          maxBuffer: 64 << 20,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          if ((o.ok ?? [0]).includes(code)) resolve({ code, stdout, stderr });
          else reject(new Error(`git ${args.join(' ')}: ${stderr || error?.message}`));
        },
      );
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(o.input ?? '');
    });
  }

  /** The commit a sha, branch name or full ref names; undefined when it names none. */
  async resolve(name: string): Promise<string | undefined> {
    for (const candidate of /^[0-9a-f]{40}$/.test(name)
      ? [name]
      : [`refs/heads/${name}`, name, `refs/${name}`]) {
      const r = await this.run(['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`], {
        ok: [0, 1, 128],
      });
      if (r.code === 0) return r.stdout.trim();
    }
    return undefined;
  }

  async typeOf(sha: string): Promise<string | undefined> {
    const r = await this.run(['cat-file', '-t', sha], { ok: [0, 1, 128] });
    return r.code === 0 ? r.stdout.trim() : undefined;
  }

  /** Every ref whose full name starts with `prefix`, sorted, with the commit it points at. */
  async refs(prefix = 'refs/'): Promise<[string, string][]> {
    const r = await this.run(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/']);
    return r.stdout
      .split('\n')
      .filter((l) => l.startsWith(prefix))
      .map((l) => l.split(' ') as [string, string])
      .sort(([a], [b]) => (a < b ? -1 : 1));
  }

  async refSha(ref: string): Promise<string | undefined> {
    const r = await this.run(['rev-parse', '--verify', '--quiet', ref], { ok: [0, 1, 128] });
    return r.code === 0 ? r.stdout.trim() : undefined;
  }

  /** Creates a ref only if it does not exist: false when it does (git's own lock and old-value check). */
  async createRef(ref: string, sha: string): Promise<boolean> {
    return (await this.run(['update-ref', ref, sha, ZERO], { ok: [0, 1, 128] })).code === 0;
  }

  /** Moves a ref from `old` to `sha` atomically: false when it was no longer at `old`. */
  async swapRef(ref: string, sha: string, old: string): Promise<boolean> {
    return (await this.run(['update-ref', ref, sha, old], { ok: [0, 1, 128] })).code === 0;
  }

  async deleteRef(ref: string): Promise<boolean> {
    const old = await this.refSha(ref);
    if (old === undefined) return false;
    return (await this.run(['update-ref', '-d', ref, old], { ok: [0, 1, 128] })).code === 0;
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    return (await this.run(['merge-base', '--is-ancestor', ancestor, descendant], { ok: [0, 1] })).code === 0;
  }

  async hashBlob(content: string): Promise<string> {
    return (await this.run(['hash-object', '-w', '--stdin'], { input: content })).stdout.trim();
  }

  /** A tree: `base` (or empty) with the entries set or, for `sha: null`, removed. */
  async writeTree(base: string | undefined, entries: readonly TreeEntry[]): Promise<string> {
    const env = { GIT_INDEX_FILE: join(this.dir, `sim-index-${process.pid}-${++indexes}`) };
    await this.run(base ? ['read-tree', base] : ['read-tree', '--empty'], { env });
    for (const e of entries) {
      // A removal is an index entry of mode 0 (update-index --force-remove needs a work tree).
      if (e.sha === null)
        await this.run(['update-index', '--index-info'], { env, input: `0 ${ZERO}\t${e.path}\n` });
      else {
        const blob = e.sha ?? (await this.hashBlob(e.content ?? ''));
        await this.run(['update-index', '--add', '--cacheinfo', `${e.mode ?? '100644'},${blob},${e.path}`], {
          env,
        });
      }
    }
    const tree = (await this.run(['write-tree'], { env })).stdout.trim();
    rmSync(env.GIT_INDEX_FILE, { force: true });
    return tree;
  }

  async listTree(tree: string): Promise<{ path: string; mode: string; type: string; sha: string }[]> {
    const r = await this.run(['ls-tree', '-r', tree]);
    return r.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [meta, path] = line.split('\t') as [string, string];
        const [mode, type, sha] = meta.split(' ') as [string, string, string];
        return { path, mode, type, sha };
      });
  }

  async commitTree(tree: string, parents: readonly string[], message: string): Promise<string> {
    const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])];
    return (await this.run(args, { input: message })).stdout.trim();
  }

  async readCommit(sha: string): Promise<CommitInfo | undefined> {
    if ((await this.typeOf(sha)) !== 'commit') return undefined;
    const text = (await this.run(['cat-file', 'commit', sha])).stdout;
    const split = text.indexOf('\n\n');
    const header = text.slice(0, split).split('\n');
    return {
      sha,
      tree: header.find((l) => l.startsWith('tree '))!.slice(5),
      parents: header.filter((l) => l.startsWith('parent ')).map((l) => l.slice(7)),
      message: text.slice(split + 2),
    };
  }

  /** A file's text at a commit, or undefined. */
  async readFile(commit: string, path: string): Promise<string | undefined> {
    const r = await this.run(['cat-file', 'blob', `${commit}:${path}`], { ok: [0, 128] });
    return r.code === 0 ? r.stdout : undefined;
  }

  /** GitHub's three-dot compare: the changes of `head` since its merge base with `base`. */
  async compare(base: string, head: string) {
    const mb = (await this.run(['merge-base', base, head], { ok: [0, 1] })).stdout.trim() || base;
    const count = async (range: string) =>
      Number((await this.run(['rev-list', '--count', range])).stdout.trim());
    const ahead = await count(`${mb}..${head}`);
    const behind = await count(`${mb}..${base}`);
    const numstat = (await this.run(['diff', '--numstat', '--no-renames', mb, head])).stdout;
    const status = (await this.run(['diff', '--name-status', '--no-renames', mb, head])).stdout;
    const kinds = new Map(
      status
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.split('\t')[1]!, l[0]!]),
    );
    const files: CompareFile[] = numstat
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [add, del, filename] = l.split('\t') as [string, string, string];
        const k = kinds.get(filename);
        return {
          filename,
          status: k === 'A' ? 'added' : k === 'D' ? 'removed' : 'modified',
          additions: Number(add) || 0,
          deletions: Number(del) || 0,
        };
      });
    const log = (await this.run(['rev-list', '--reverse', `${mb}..${head}`])).stdout
      .split('\n')
      .filter(Boolean);
    return { mergeBase: mb, ahead, behind, files, commits: log };
  }
}

import { LOCKS } from 'package-manager-detector/constants';
import { resolveAgent } from 'package-manager-detector/detect';
import type { NodeAgent, RepoSnapshot } from '../../core/bootstrap/repo-snapshot.js';
import { baseName } from '../../core/bootstrap/repo-snapshot.js';
import { depthOf, wantsContent, wantsSize } from '../../core/bootstrap/wants-content.js';
import type { FileEntry } from '../../core/bootstrap/languages/language-scan.js';
import type { GitHubClient, RepoRef } from './github-client.js';
import type { GitTreeListing } from './read-git-tree.js';
import type { RequestBudget } from './request-budget.js';

/** Files over 1 MiB are not read (as locally). */
const MAX_BYTES = 1024 * 1024;
/** Blobs fetched at once. */
const CONCURRENCY = 6;

export interface GitHubSnapshot {
  readonly snapshot: RepoSnapshot;
  /** The tree's entries as the language scan wants them (files, symbolic links and submodules). */
  readonly entries: readonly FileEntry[];
  /** Files the detectors wanted, files read, and the wanted files left unread for the budget (shallowest read first). */
  readonly blobs: { readonly wanted: number; readonly read: number; readonly unread: readonly string[] };
  readonly warnings: readonly string[];
}

/** Which wanted files are read first when the budget cannot cover them all: CI and root configuration, then manifests, then the rest; shallow first. */
function priority(path: string): number {
  if (path.startsWith('.github/workflows/') || !path.includes('/')) return 0;
  if (['package.json', 'pyproject.toml', 'Cargo.toml', 'go.mod'].includes(baseName(path))) return 1;
  return 2;
}

/** The package manager at the repository root, as package-manager-detector decides it from files (rush.json, lockfiles, `packageManager`). */
function detectNodeAgent(files: readonly string[], packageJson: string | undefined): NodeAgent | undefined {
  if (packageJson === undefined) return undefined;
  if (files.includes('rush.json')) return { name: 'pnpm', agent: 'pnpm-rush', lockfile: 'rush.json' };
  let field: ReturnType<typeof resolveAgent>;
  try {
    const pkg = JSON.parse(packageJson) as { packageManager?: unknown };
    if (typeof pkg.packageManager === 'string') {
      const [name = '', ver] = pkg.packageManager.replace(/^\^/, '').split('@');
      field = resolveAgent(
        name as Parameters<typeof resolveAgent>[0],
        /\d+(\.\d+){0,2}/.exec(ver ?? '')?.[0] ?? ver,
      );
    }
  } catch {
    field = undefined; // a broken package.json is detect-node's to report
  }
  const lockfile = Object.keys(LOCKS).find((lock) => files.includes(lock));
  const found =
    field ?? (lockfile ? { name: LOCKS[lockfile]!, agent: LOCKS[lockfile]!, version: undefined } : undefined);
  if (!found) return undefined;
  return {
    name: found.name,
    agent: found.agent,
    ...(found.version ? { version: found.version } : {}),
    ...(lockfile && LOCKS[lockfile] === found.name ? { lockfile } : {}),
  };
}

const KIND = (mode: string, type: string): FileEntry['kind'] | undefined =>
  type === 'commit' ? 'submodule' : mode === '120000' ? 'symlink' : type === 'blob' ? 'file' : undefined;

/**
 * The detectors' snapshot of a repository from GitHub's API, with no clone: the file list and sizes come from the
 * tree listing (readGitTree); the text of the files the detectors want (wantsContent) comes from
 * `GET …/git/blobs/<sha>`, one request per file, at most as many as `budget` allows (and `maxBlobs`), CI and root
 * configuration first, then manifests, then the rest, shallowest first. Symbolic links and submodules are left out
 * of the files, as locally. What was not read is reported, so the caller can say so.
 */
export async function readGitHubSnapshot(
  gh: GitHubClient,
  repo: RepoRef,
  listing: GitTreeListing,
  budget: RequestBudget,
  options: { readonly maxBlobs: number },
): Promise<GitHubSnapshot> {
  const warnings: string[] = [];
  const entries: FileEntry[] = [];
  const regular = new Map<string, { sha: string; size: number }>();
  for (const e of listing.entries) {
    const kind = KIND(e.mode, e.type);
    if (!kind) continue;
    entries.push({ path: e.path, size: e.size ?? 0, kind });
    if (kind === 'file') regular.set(e.path, { sha: e.sha, size: e.size ?? 0 });
  }
  const files = [...regular.keys()];
  const sizes = new Map<string, number>();
  for (const path of files) if (wantsSize(path) !== undefined) sizes.set(path, regular.get(path)!.size);
  const wanted = files
    .filter(wantsContent)
    .sort((a, b) => priority(a) - priority(b) || depthOf(a) - depthOf(b) || (a < b ? -1 : 1));
  const readable = wanted.filter((path) => {
    if (regular.get(path)!.size <= MAX_BYTES) return true;
    warnings.push(`${path}: larger than 1 MiB, not read`);
    return false;
  });
  const toRead: string[] = [];
  const unread: string[] = [];
  for (const path of readable)
    (toRead.length < options.maxBlobs && budget.take() ? toRead : unread).push(path);
  if (unread.length)
    warnings.push(
      `${unread.length} of ${wanted.length} configuration files were not read (request budget): ${unread.slice(0, 5).join(', ')}${unread.length > 5 ? ', …' : ''}`,
    );
  const texts = new Array<string>(toRead.length);
  for (let i = 0; i < toRead.length; i += CONCURRENCY) {
    await Promise.all(
      toRead.slice(i, i + CONCURRENCY).map(async (path, j) => {
        const { data } = await gh.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
          ...repo,
          file_sha: regular.get(path)!.sha,
        });
        texts[i + j] =
          data.encoding === 'base64' ? Buffer.from(data.content, 'base64').toString('utf8') : data.content;
      }),
    );
  }
  // In the order of `toRead`, not the order the answers came in: detectors see the same snapshot every time.
  const contents = new Map(toRead.map((path, i) => [path, texts[i]!] as const));
  const nodeAgent = detectNodeAgent(files, contents.get('package.json'));
  return {
    snapshot: { files, contents, sizes, ...(nodeAgent ? { nodeAgent } : {}) },
    entries,
    blobs: { wanted: wanted.length, read: toRead.length, unread },
    warnings,
  };
}

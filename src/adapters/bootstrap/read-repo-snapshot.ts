import { lstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCKS } from 'package-manager-detector/constants';
import { detect } from 'package-manager-detector/detect';
import type { NodeAgent, RepoSnapshot } from '../../core/bootstrap/repo-snapshot.js';
import { depthOf, wantsContent, wantsSize } from '../../core/bootstrap/wants-content.js';
import { InputError } from '../../core/errors.js';

/** At most this many files are read, shallowest first; deeper manifests of huge monorepos are left out. */
const MAX_FILES = 4000;
const MAX_BYTES = 1024 * 1024;
const CONCURRENCY = 32;

const READ_ERRORS: Record<string, string> = { EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'is a directory, not a file', ELOOP: 'too many levels of symbolic links', EIO: 'input/output error' };

async function inBatches<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENCY) await Promise.all(items.slice(i, i + CONCURRENCY).map(fn));
}

/** Reads a file, or undefined when it is gone (listed by git but deleted); InputError when it cannot be read. */
async function readOrSkip(top: string, path: string): Promise<string | undefined> {
  try {
    return await readFile(join(top, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new InputError(path, `cannot read: ${READ_ERRORS[code] ?? (error as Error).message}`, { cause: error });
  }
}

/** lstat, or undefined when the path is gone or cannot be examined (the read that follows reports why). */
function safeLstat(path: string) {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** package-manager-detector's answer for the repository root, with the lockfile that decided it. */
async function detectNodeAgent(top: string, files: readonly string[]): Promise<NodeAgent | undefined> {
  if (!files.includes('package.json')) return undefined;
  const found = await detect({ cwd: top, stopDir: top, strategies: ['lockfile', 'packageManager-field', 'devEngines-field'] });
  if (!found) return undefined;
  const lockfile = Object.keys(LOCKS).find((lock) => files.includes(lock) && LOCKS[lock] === found.name);
  return { name: found.name, agent: found.agent, ...(found.version ? { version: found.version } : {}), ...(lockfile ? { lockfile } : {}) };
}

/**
 * Builds the detectors' snapshot of a repository: the file list, the text of the files they want (at most 4,000,
 * each under 1 MiB, shallowest first), the sizes of documentation and SQL files, and the JavaScript package
 * manager. Files listed but gone, and paths that are not regular files (symbolic links, FIFOs), are skipped; a file
 * that exists but cannot be read is an InputError.
 */
export async function readRepoSnapshot(top: string, files: readonly string[]): Promise<{ snapshot: RepoSnapshot; warnings: string[] }> {
  const warnings: string[] = [];
  const wanted = files.filter(wantsContent).sort((a, b) => depthOf(a) - depthOf(b) || a.localeCompare(b));
  if (wanted.length > MAX_FILES) warnings.push(`${wanted.length} configuration files: only the ${MAX_FILES} shallowest were read`);
  // Read concurrently, kept in the order of `wanted` (not the order the reads finish in), so that detectors
  // that go through the contents see the same order on every run.
  const read = wanted.slice(0, MAX_FILES);
  const texts: (string | null | undefined)[] = new Array<string | null | undefined>(read.length);
  await inBatches(read.map((path, i) => [path, i] as const), async ([path, i]) => {
    const stat = safeLstat(join(top, path));
    // Only regular files are read: a symbolic link (a tracked file replaced by one), a FIFO or a device could
    // lead outside the repository or never end. A directory is read, and reported.
    if (stat && !stat.isFile() && !stat.isDirectory()) return;
    texts[i] = stat && stat.size > MAX_BYTES ? null : await readOrSkip(top, path);
  });
  const contents = new Map<string, string>();
  read.forEach((path, i) => {
    const text = texts[i];
    if (text === null) warnings.push(`${path}: larger than 1 MiB, not read`);
    else if (text !== undefined) contents.set(path, text);
  });
  const sizes = new Map<string, number>();
  // Synchronous: thousands of lstat calls through the thread pool cost ten times more than in a loop.
  for (const path of files) {
    if (wantsSize(path) === undefined) continue;
    const stat = safeLstat(join(top, path));
    if (stat?.isFile()) sizes.set(path, stat.size);
  }
  const nodeAgent = await detectNodeAgent(top, files);
  return { snapshot: { files, contents, sizes, ...(nodeAgent ? { nodeAgent } : {}) }, warnings };
}

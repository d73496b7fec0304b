import { createHash } from 'node:crypto';
import { lstat, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describeChange, type ArtifactChange } from '../../core/bootstrap/describe-change.js';
import type { PlannedArtifact } from '../../core/bootstrap/plan-bootstrap.js';
import type { BootstrapArtifact } from '../../core/contracts/index.js';
import { InputError } from '../../core/errors.js';
import { makeDirs } from '../make-dirs.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a directory',
  ENOENT: 'its directory cannot be created',
};
const reasonOf = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return REASONS[code] ?? (error as Error).message;
};

/** The first ancestor of `path` (relative to `top`) that exists but is not a directory. */
async function blockingFile(top: string, path: string): Promise<string | undefined> {
  const parts = path.split('/').slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const at = parts.slice(0, i).join('/');
    const stat = await lstat(join(top, at)).catch(() => undefined);
    if (stat && !stat.isDirectory() && !stat.isSymbolicLink()) return at;
  }
  return undefined;
}

/** The file bootstrap would replace at `path`, undefined when there is none; InputError when it is in the way. */
async function readCurrent(top: string, path: string): Promise<string | undefined> {
  try {
    return await readFile(join(top, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') {
      const file = await blockingFile(top, path);
      throw new InputError(path, `cannot write: ${file ?? 'a parent'} is a file, not a directory; move it away first`, { cause: error });
    }
    if (code === 'EISDIR') throw new InputError(path, 'cannot write: it is a directory, not a file; move it away first', { cause: error });
    throw new InputError(path, `cannot read the existing file: ${reasonOf(error)}`, { cause: error });
  }
}

interface Done {
  readonly file: string;
  readonly previous: string | undefined;
}

/** Puts back what writeAll changed before it failed: the previous texts, no new files, no new directories. */
async function rollBack(done: readonly Done[], createdDirs: readonly string[]): Promise<void> {
  for (const { file, previous } of [...done].reverse()) {
    await (previous === undefined ? rm(file, { force: true }) : writeFile(file, previous)).catch(() => undefined);
  }
  for (const dir of [...createdDirs].reverse()) await rmdir(dir).catch(() => undefined); // only when empty
}

/**
 * Writes every file or none: each through a temporary file renamed over it (never a half-written file), and when
 * one fails, those already written are put back and an InputError names the file that could not be written.
 */
async function writeAll(top: string, files: readonly { path: string; text: string; previous: string | undefined }[]): Promise<void> {
  const done: Done[] = [];
  const createdDirs: string[] = [];
  for (const { path, text, previous } of files) {
    const file = join(top, path);
    const tmp = `${file}.uet-${process.pid}.tmp`;
    try {
      const first = await makeDirs(dirname(file));
      if (first) for (let d = dirname(file); d.length >= first.length; d = dirname(d)) createdDirs.push(d);
      await writeFile(tmp, text);
      await rename(tmp, file);
      done.push({ file, previous });
    } catch (error) {
      await rm(tmp, { force: true }).catch(() => undefined);
      await rollBack(done, [...new Set(createdDirs)].sort((a, b) => a.length - b.length));
      throw new InputError(path, `cannot write: ${reasonOf(error)}; nothing was written`, { cause: error });
    }
  }
}

export interface WriteOptions {
  /** Write at all (--write); without it, only compare. */
  readonly write: boolean;
  /** Replace files that exist and differ (--force); without it they are kept, since someone may have edited them. */
  readonly force?: boolean;
}

export interface WrittenArtifacts {
  readonly artifacts: BootstrapArtifact[];
  readonly changes: Map<string, ArtifactChange>;
  /** Paths that exist and differ, left as they are because --force was not given (with --write only). */
  readonly kept: string[];
}

/**
 * Compares each artifact with the file at its path under `top` and, when `write` is true, writes the valid ones
 * that are new, and those that changed when `force` is true too (parents created), all or none. A file that exists
 * and differs is otherwise kept: it may hold a person's edits, and a re-run must not lose them. Invalid artifacts
 * are never written. Every path is checked before anything is written: a file or directory in the way is an
 * InputError naming it. Returns each artifact as the report lists it (written, valid, sha256), how it changes the
 * file there, and the files kept.
 */
export async function writeArtifacts(top: string, artifacts: readonly PlannedArtifact[], options: WriteOptions): Promise<WrittenArtifacts> {
  const out: BootstrapArtifact[] = [];
  const changes = new Map<string, ArtifactChange>();
  const kept: string[] = [];
  const toWrite: { path: string; text: string; previous: string | undefined }[] = [];
  for (const a of artifacts) {
    const previous = await readCurrent(top, a.path);
    const change = describeChange(previous, a.text);
    changes.set(a.path, change);
    const keep = options.write && a.valid && change.state === 'changed' && !options.force;
    if (keep) kept.push(a.path);
    const written = options.write && a.valid && change.state !== 'unchanged' && !keep;
    if (written) toWrite.push({ path: a.path, text: a.text, previous });
    out.push({ path: a.path, kind: a.kind, written, valid: a.valid, sha256: sha256(a.text) });
  }
  await writeAll(top, toWrite);
  return { artifacts: out, changes, kept };
}

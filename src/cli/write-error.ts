import { InputError } from '../core/errors.js';

/** What a failed write's errno means for a person. */
const CAUSES: Record<string, string> = {
  ENOENT: 'no such directory',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
};

/** What the failed system call was doing, for the message. */
const ACTIONS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the directory',
  rename: 'rename',
  unlink: 'remove',
  rmdir: 'remove',
  rm: 'remove',
  scandir: 'read the directory',
  copyfile: 'copy',
  link: 'link',
  symlink: 'link',
};

/**
 * A file system error from writing `path` as bad input (exit 2) naming the path and the cause, or the error itself
 * when it is no file system error (a bug: exit 70). `action` defaults to write.
 */
export function asWriteError(error: unknown, path: string, action = 'write'): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const cause = code !== undefined ? CAUSES[code] : undefined;
  return cause === undefined ? error : new InputError(path, `cannot ${action}: ${cause}`, { cause: error });
}

/** asWriteError for any file system error that names its path (what main() falls back on): the action from the call. */
export function asFileError(error: unknown): unknown {
  const e = error as NodeJS.ErrnoException | undefined;
  if (typeof e?.path !== 'string') return error;
  return asWriteError(error, e.path, ACTIONS[e.syscall ?? ''] ?? 'use it');
}

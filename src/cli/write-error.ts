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

/**
 * A file system error from writing `path` as bad input (exit 2) naming the path and the cause, or the error itself
 * when it is no file system error (a bug: exit 70).
 */
export function asWriteError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const cause = code !== undefined ? CAUSES[code] : undefined;
  return cause === undefined ? error : new InputError(path, `cannot write: ${cause}`, { cause: error });
}

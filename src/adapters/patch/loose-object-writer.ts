import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { constants, deflateSync } from 'node:zlib';

export interface LooseObjectWriter {
  /** Writes a git object (SHA-1 repositories) as a loose object and returns its id; an existing object is kept. */
  write(type: 'blob' | 'tree' | 'commit', content: Buffer): Promise<string>;
}

/**
 * Writes loose objects into `objectsDir` the way git does: zlib-deflated `<type> <size>\0<content>`, named by its
 * SHA-1, written to a temporary file and renamed into place (an object that already exists is left alone),
 * read-only, at git's default loose-object compression (core.looseCompression unset: level 1, best speed). Like git's default (core.fsync without loose-object), loose objects are not fsync'd; refs are. The
 * writes are synchronous: a handful of small files per patch, cheaper than a round trip through the thread pool.
 */
export function createLooseObjectWriter(objectsDir: string): LooseObjectWriter {
  const made = new Set<string>();
  const tmpPrefix = path.join(objectsDir, `tmp_obj_uet_${process.pid}_${randomBytes(6).toString('hex')}_`);
  let n = 0;
  const dirs = new Set<string>();
  return {
    write(type, content) {
      const full = Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content]);
      const id = createHash('sha1').update(full).digest('hex');
      if (made.has(id)) return Promise.resolve(id);
      const dir = path.join(objectsDir, id.slice(0, 2));
      const file = path.join(dir, id.slice(2));
      if (!existsSync(file)) {
        if (!dirs.has(dir)) {
          mkdirSync(dir, { recursive: true });
          dirs.add(dir);
        }
        const tmp = `${tmpPrefix}${(n++).toString(36)}`;
        writeFileSync(tmp, deflateSync(full, { level: constants.Z_BEST_SPEED }), { mode: 0o444, flag: 'wx' });
        renameSync(tmp, file);
      }
      made.add(id);
      return Promise.resolve(id);
    },
  };
}

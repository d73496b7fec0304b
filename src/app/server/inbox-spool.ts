import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A delivery as it arrived: the raw body and its signature, verified again when read back. */
export interface SpooledDelivery {
  readonly id: string;
  readonly name: string;
  readonly body: string;
  readonly signature: string;
  readonly received_at: string;
}

export interface InboxSpool {
  save(delivery: SpooledDelivery): Promise<void>;
  remove(id: string): Promise<void>;
  /** The deliveries left by an earlier process, oldest first; unreadable files are reported and removed. */
  load(onBadFile: (file: string, reason: string) => void): Promise<SpooledDelivery[]>;
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/**
 * The optional disk copy of the inbox (`UET_INBOX_DIR`): one `<delivery id>.json` per queued delivery, written
 * atomically (temp file, then rename) and readable by the owner only, removed once handled. Losing it loses
 * nothing GitHub does not hold: the reconciler advances runs from refs and workflow runs.
 */
export async function createInboxSpool(dir: string): Promise<InboxSpool> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = (id: string) => {
    if (!SAFE_ID.test(id)) throw new Error(`delivery id ${JSON.stringify(id)} cannot name a spool file`);
    return join(dir, `${id}.json`);
  };
  return {
    async save(delivery) {
      const target = file(delivery.id);
      const temp = `${target}.tmp-${process.pid}`;
      // A fresh file only (O_EXCL): a leftover, or a link planted in a shared directory, is never written through.
      await rm(temp, { force: true });
      await writeFile(temp, JSON.stringify(delivery), { mode: 0o600, flag: 'wx' });
      await rename(temp, target);
    },
    remove: (id) => rm(file(id), { force: true }),
    async load(onBadFile) {
      const found: SpooledDelivery[] = [];
      for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json'))) {
        const path = join(dir, name);
        try {
          const value = JSON.parse(await readFile(path, 'utf8')) as Partial<SpooledDelivery>;
          const ok = ['id', 'name', 'body', 'signature', 'received_at'].every(
            (k) => typeof value[k as keyof SpooledDelivery] === 'string',
          );
          if (!ok || `${value.id}.json` !== name) throw new Error('not a spooled delivery');
          found.push(value as SpooledDelivery);
        } catch (error) {
          onBadFile(path, (error as Error).message);
          await rm(path, { force: true });
        }
      }
      return found.sort((a, b) => a.received_at.localeCompare(b.received_at));
    },
  };
}

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PatchArtifact, PatchLedgerEntry } from '../../core/contracts/index.js';
import { InputError } from '../../core/errors.js';
import type { LedgerStore } from '../../core/patch/index.js';
import { stageFile, writeFilesAtomic, type FileContent } from './atomic-write.js';
import { isPatchId, ledgerFiles, PATCHES_DIR, quarantineFiles, relDiffPath, relQuarantinePath } from './ledger-paths.js';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function readJson<T>(file: string): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new InputError(file, `not valid JSON: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * The local ledger: `.uet/ledger/patches/<patch_id>.json` (the entry), `.diff` (the diff) and `.artifact.json` (the
 * artifact without its diff), and `.uet/ledger/quarantine/<patch_id>.{json,diff}` for quarantined patches (artifact,
 * reasons and entry; never deleted). Every write is atomic and durable (temporary file, fsync, rename, directory
 * fsync), so an entry written before a commit survives a crash between the two. A reconcilable write (the
 * committed entry) skips the directory fsync: the next durable write into the same directory carries it. prepare() stages a later
 * version of an entry (a temporary file, fsync'd) that publish() renames into place the same way.
 */
export function createFileLedgerStore(root: string): LedgerStore {
  return {
    async write(entry, artifact, options) {
      const f = ledgerFiles(root, entry.patch_id);
      const files: FileContent[] = [];
      if (artifact) {
        const { diff_text, ...rest } = artifact;
        // The artifact header (origin, summary, scope) is not fsync'd: the entry and the diff are the record, and
        // the header can be rebuilt from them; a reader that finds it missing or torn gets null.
        files.push({ file: f.diff, data: diff_text }, { file: f.artifact, data: json(rest), durable: false });
      }
      files.push({ file: f.entry, data: json(entry) });
      // A reconcilable write replaces an entry whose earlier version is on disk: the file is fsync'd, not the rename.
      await writeFilesAtomic(files, { syncDirs: !(options?.reconcilable && !artifact) });
    },
    async prepare(entry) {
      const staged = await stageFile(ledgerFiles(root, entry.patch_id).entry, json(entry));
      return { publish: () => Promise.resolve(staged.publish()), discard: () => Promise.resolve(staged.discard()) };
    },
    async quarantine(entry, artifact) {
      const q = quarantineFiles(root, entry.patch_id);
      await writeFilesAtomic([
        { file: q.diff, data: artifact.diff_text },
        { file: q.record, data: json({ artifact, quarantine: entry.quarantine, ledger_entry: entry }) },
      ]);
    },
    read: async (patchId) => readJson<PatchLedgerEntry>(ledgerFiles(root, patchId).entry),
    async readArtifact(patchId) {
      const f = ledgerFiles(root, patchId);
      const head = await readJson<Omit<PatchArtifact, 'diff_text'>>(f.artifact).catch(() => null);
      if (!head) return null;
      const diff = await readFile(f.diff, 'utf8');
      return { ...head, diff_text: diff };
    },
    async list(query = {}) {
      let names: string[];
      try {
        names = await readdir(path.join(root, PATCHES_DIR));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw e;
      }
      const ids = names.filter((n) => n.endsWith('.json') && !n.endsWith('.artifact.json')).map((n) => n.slice(0, -5)).filter(isPatchId).sort();
      const entries: (PatchLedgerEntry | null)[] = [];
      for (let i = 0; i < ids.length; i += 64) // a bounded number of open files at a time
        entries.push(...(await Promise.all(ids.slice(i, i + 64).map((id) => readJson<PatchLedgerEntry>(ledgerFiles(root, id).entry)))));
      return entries.filter(
        (e): e is PatchLedgerEntry =>
          e !== null && (query.runId === undefined || e.run_id === query.runId) && (query.state === undefined || e.state === query.state),
      );
    },
    diffPath: relDiffPath,
    quarantinePath: relQuarantinePath,
  };
}

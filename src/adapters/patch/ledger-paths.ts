import path from 'node:path';
import { UsageError } from '../../core/errors.js';

/** Patch ids name files: only ULIDs are accepted, so no id can reach outside the ledger directory. */
const PATCH_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function assertPatchId(patchId: string): string {
  if (!PATCH_ID.test(patchId)) throw new UsageError(`invalid patch id "${patchId}": a patch id is a 26-character ULID`);
  return patchId;
}

export const isPatchId = (s: unknown): s is string => typeof s === 'string' && PATCH_ID.test(s);

/** Where the local ledger lives, relative to the repository root (excluded from git by ensureUetExcluded). */
export const LEDGER_DIR = '.uet/ledger';
export const PATCHES_DIR = `${LEDGER_DIR}/patches`;
export const QUARANTINE_DIR = `${LEDGER_DIR}/quarantine`;

/** Paths relative to the repository root, with forward slashes, as recorded in ledger entries. */
export const relDiffPath = (id: string) => `${PATCHES_DIR}/${assertPatchId(id)}.diff`;
export const relQuarantinePath = (id: string) => `${QUARANTINE_DIR}/${assertPatchId(id)}.diff`;

export const ledgerFiles = (root: string, id: string) => {
  const base = path.join(root, PATCHES_DIR, assertPatchId(id));
  return { entry: `${base}.json`, diff: `${base}.diff`, artifact: `${base}.artifact.json` };
};
export const quarantineFiles = (root: string, id: string) => {
  const base = path.join(root, QUARANTINE_DIR, assertPatchId(id));
  return { record: `${base}.json`, diff: `${base}.diff` };
};

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PatchArtifact, PatchViolation } from '../core/contracts/index.js';
import type { ErrorClass } from '../core/run/index.js';
import { validateAttemptRecord } from './validate-attempt-record.js';

/**
 * What the execute job hands to the integrate job, besides the patch artifact: the attempt's outcome as the
 * runner saw it. The integrate job trusts none of it that it can check again (the policy, the ids).
 */
export interface AttemptRecord {
  readonly run_id: string;
  readonly node_id: string;
  readonly attempt: number;
  readonly kind: 'step' | 'gate';
  readonly tool_id?: string;
  readonly ok: boolean;
  readonly error_class?: ErrorClass;
  readonly message?: string;
  readonly exit_code?: number;
  readonly cost_usd?: number;
  /** The tokens the tool reported using, when it reports them. */
  readonly tokens?: { readonly input: number; readonly output: number };
  readonly duration_ms: number;
  readonly started_at: string;
  readonly patch_id?: string;
  readonly files_changed?: number;
  readonly policy: { readonly passed: boolean; readonly violations: readonly PatchViolation[]; readonly quarantine_reason?: string };
  readonly validation: 'passed' | 'failed' | 'none' | 'skipped';
  readonly output_tail?: string;
}

/**
 * The port between the two jobs. The artifact service has no published contract, so the action only reads and
 * writes a directory; the workflow's actions/upload-artifact and actions/download-artifact steps move it.
 */
export interface PatchStore {
  write(record: AttemptRecord, artifact: PatchArtifact | undefined): Promise<void>;
  read(): Promise<{ record: AttemptRecord; artifact: PatchArtifact | undefined }>;
}

export const ATTEMPT_FILE = 'attempt.json';
export const PATCH_FILE = 'patch.json';

export function createDirPatchStore(dir: string): PatchStore {
  return {
    async write(record, artifact) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, ATTEMPT_FILE), `${JSON.stringify(record, null, 2)}\n`);
      if (artifact) await writeFile(join(dir, PATCH_FILE), `${JSON.stringify(artifact, null, 2)}\n`);
    },
    async read() {
      const file = join(dir, ATTEMPT_FILE);
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== undefined) throw error;
        throw new Error(`${file} is not JSON: ${(error as Error).message}`, { cause: error });
      }
      const checked = validateAttemptRecord(parsed, Date.now());
      if (!checked.ok) throw new Error(`${file} is not an attempt record: ${checked.errors.join('; ')}`);
      const record = checked.value;
      const text = await readFile(join(dir, PATCH_FILE), 'utf8').catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return undefined;
        throw e;
      });
      return { record, artifact: text === undefined ? undefined : (JSON.parse(text) as PatchArtifact) };
    },
  };
}

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PromptInstance } from '../../core/contracts/index.js';
import { validateDocument } from '../../core/contracts/index.js';
import { runDir } from '../uet-paths.js';

/** `.uet/runs/<run_id>/prompts/<prompt_id>.json`. */
export const promptFile = (repoRoot: string, runId: string, promptId: string) =>
  path.join(runDir(repoRoot, runId), 'prompts', `${promptId}.json`);

/**
 * Stores a prompt instance beside the run's log, validated against prompt_instance.v1.json, so that every attempt
 * (and the patch it produced) can be traced to the exact text the tool received. Idempotent.
 */
export async function writePromptInstance(
  repoRoot: string,
  runId: string,
  instance: PromptInstance,
): Promise<string> {
  const checked = validateDocument('prompt_instance', instance);
  if (!checked.ok)
    throw new Error(
      `prompt ${instance.prompt_id} does not satisfy prompt_instance: ${checked.issues.map((i) => `${i.pointer}: ${i.message}`).join('; ')}`,
    );
  const file = promptFile(repoRoot, runId, instance.prompt_id);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(instance, null, 2)}\n`);
  return file;
}

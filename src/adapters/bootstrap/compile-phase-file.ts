import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { detectContract, validateDocument, type TaskSpec, type WorkstreamBundle, type WorkstreamSpec } from '../../core/contracts/index.js';
import type { DocumentIssue } from '../../core/errors.js';
import { compilePhase } from '../../core/phase/compile-phase.js';
import { readDocument } from '../read-document.js';

/** Whether a parsed document is a phase_spec: declared so, or undeclared with a phase_id and no bundle_id. */
export function isPhaseDocument(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const doc = value as Record<string, unknown>;
  if (doc.$schema !== undefined || doc.meta_version !== undefined) {
    const d = detectContract(value);
    return d.how === 'declared' && d.name === 'phase_spec';
  }
  return 'phase_id' in doc && !('bundle_id' in doc);
}

/** Every spec in `dir` (yaml, yml or json) that satisfies `contract`, by its id; a missing directory gives none. */
async function readSpecs<T>(dir: string, contract: 'workstream_spec' | 'task_spec', id: (t: T) => string): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => /\.(ya?ml|json)$/.test(n)).sort()) {
    const result = validateDocument(contract, await readDocument(join(dir, name)));
    if (result.ok) out.set(id(result.value as T), result.value as T);
  }
  return out;
}

/**
 * Compiles a phase file to a bundle: validates it as a phase_spec, resolves workstream_refs and task_refs from
 * the workstreams/ and tasks/ directories beside its own (framework_paths: .uet/phases → .uet/workstreams and
 * .uet/tasks), and compiles it (compilePhase). Issues point into the phase document.
 */
export async function compilePhaseFile(
  absolutePath: string,
  value: unknown,
): Promise<{ ok: true; bundle: WorkstreamBundle; notes: string[] } | { ok: false; issues: DocumentIssue[] }> {
  const phase = validateDocument('phase_spec', value);
  if (!phase.ok) return phase;
  const root = dirname(dirname(absolutePath));
  const needsRefs = (phase.value.workstream_refs ?? []).length > 0 || (phase.value.workstreams ?? []).some((w) => (w.task_refs ?? []).length);
  const refs = needsRefs
    ? {
        workstreams: await readSpecs<WorkstreamSpec>(join(root, 'workstreams'), 'workstream_spec', (w) => w.ws_id),
        tasks: await readSpecs<TaskSpec>(join(root, 'tasks'), 'task_spec', (t) => t.task_id),
      }
    : {};
  return compilePhase(phase.value, refs);
}

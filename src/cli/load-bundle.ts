import { resolve } from 'node:path';
import { compilePhaseFile, isPhaseDocument } from '../adapters/bootstrap/compile-phase-file.js';
import { readSourceDocument } from '../adapters/read-document.js';
import { buildPlan, type Plan } from '../core/bundle/index.js';
import { validateDocument, type WorkstreamBundle } from '../core/contracts/index.js';
import { ContractError } from '../core/errors.js';

export interface LoadedBundle {
  readonly path: string;
  readonly bundle: WorkstreamBundle;
  readonly plan: Plan;
}

/**
 * Reads a bundle (JSON or YAML), or a phase_spec compiled to one, validates it against workstream_bundle and
 * checks its DAG. Throws
 * InputError (unreadable, unparseable) or ContractError (every issue with its JSON pointer): bad input.
 */
export async function loadBundle(path: string, cwd: string, maxParallel?: number): Promise<LoadedBundle> {
  const doc = await readSourceDocument(path, { cwd });
  // A phase_spec (such as .uet/phases/<phase>.yaml) runs as the bundle it compiles to.
  const phase = isPhaseDocument(doc.value) ? await compilePhaseFile(resolve(cwd, path), doc.value) : undefined;
  if (phase && !phase.ok) throw new ContractError(path, withLines(doc, phase.issues));
  const located = phase ? { lineOf: () => undefined } : doc;
  const checked = validateDocument('workstream_bundle', phase ? phase.bundle : doc.value);
  if (!checked.ok) throw new ContractError(path, withLines(located, checked.issues));
  const built = buildPlan(checked.value, maxParallel !== undefined ? { maxParallel } : {});
  if (!built.ok) throw new ContractError(path, withLines(located, built.issues));
  return { path, bundle: checked.value, plan: built.plan };
}

function withLines(
  doc: { lineOf(pointer: string): number | undefined },
  issues: { pointer: string; message: string }[],
) {
  return issues.map((i) => {
    const line = doc.lineOf(i.pointer);
    return line === undefined ? i : { ...i, message: `${i.message} (line ${line})` };
  });
}

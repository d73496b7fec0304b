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
 * Reads a bundle (JSON or YAML), validates it against workstream_bundle and checks its DAG. Throws
 * InputError (unreadable, unparseable) or ContractError (every issue with its JSON pointer): bad input.
 */
export async function loadBundle(path: string, cwd: string, maxParallel?: number): Promise<LoadedBundle> {
  const doc = await readSourceDocument(path, { cwd });
  const checked = validateDocument('workstream_bundle', doc.value);
  if (!checked.ok) throw new ContractError(path, withLines(doc, checked.issues));
  const built = buildPlan(checked.value, maxParallel !== undefined ? { maxParallel } : {});
  if (!built.ok) throw new ContractError(path, withLines(doc, built.issues));
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

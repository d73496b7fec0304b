import { parseSourceDocument } from '../../adapters/read-document.js';
import { buildPlan, type Plan } from '../../core/bundle/index.js';
import { validateDocument, type WorkstreamBundle } from '../../core/contracts/index.js';
import { UetError } from '../../core/errors.js';

export type BundleResult =
  { ok: true; bundle: WorkstreamBundle; plan: Plan } | { ok: false; problems: string[] };

/**
 * Parses, validates (workstream_bundle contract) and plans a bundle from its text. Every problem comes back as a
 * line `path:line: /pointer: message`, for a reply on the pull request.
 */
export function checkBundleText(path: string, text: string, maxParallel?: number): BundleResult {
  let doc;
  try {
    doc = parseSourceDocument(path, text);
  } catch (error) {
    if (error instanceof UetError) return { ok: false, problems: [error.message] };
    throw error;
  }
  const where = (pointer: string) => {
    const line = doc.lineOf(pointer);
    return `${path}${line !== undefined ? `:${line}` : ''}: ${pointer || '/'}`;
  };
  const checked = validateDocument('workstream_bundle', doc.value);
  if (!checked.ok)
    return { ok: false, problems: checked.issues.map((i) => `${where(i.pointer)}: ${i.message}`) };
  const built = buildPlan(checked.value, maxParallel !== undefined ? { maxParallel } : {});
  if (!built.ok) return { ok: false, problems: built.issues.map((i) => `${where(i.pointer)}: ${i.message}`) };
  return { ok: true, bundle: checked.value, plan: built.plan };
}

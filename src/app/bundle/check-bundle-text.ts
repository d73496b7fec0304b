import { parseSourceDocument } from '../../adapters/read-document.js';
import { buildPlan, type Plan } from '../../core/bundle/index.js';
import { validateDocument, type WorkstreamBundle } from '../../core/contracts/index.js';
import { UetError } from '../../core/errors.js';

export type BundleResult =
  { ok: true; bundle: WorkstreamBundle; plan: Plan } | { ok: false; problems: string[] };

/**
 * The largest bundle the app reads, in bytes (UTF-8). A bundle of a hundred steps with long instructions is a few
 * tens of KiB; parsing and planning megabytes would hold the app's worker for seconds, on text anyone with a pull
 * request can write.
 */
export const MAX_BUNDLE_BYTES = 256 * 1024;

/**
 * Parses, validates (workstream_bundle contract) and plans a bundle from its text. Every problem comes back as a
 * line `path:line: /pointer: message`, for a reply on the pull request. A bundle over MAX_BUNDLE_BYTES is refused
 * before it is parsed.
 */
export function checkBundleText(path: string, text: string, maxParallel?: number): BundleResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_BUNDLE_BYTES)
    return {
      ok: false,
      problems: [
        `${path}: the bundle is ${bytes.toLocaleString('en-US')} bytes; UET reads bundles of at most ${MAX_BUNDLE_BYTES.toLocaleString('en-US')} bytes (256 KiB): split it, or move long instructions into prompt files`,
      ],
    };
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

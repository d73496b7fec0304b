import type { PatchViolation } from '../contracts/index.js';
import type { Redactor } from '../secrets/index.js';
import { filePath, type FilePatch } from './diff-types.js';

/**
 * Every file of the patch whose added lines (or path) contain the value of a credential UET holds, raw or encoded
 * (see createRedactor): a patch must never carry a key into the repository. The violation names the variable and the
 * line, never the value. Lines are searched together, so a multi-line secret (a private key) is found too. Pure.
 */
export function checkSecretInPatch(files: readonly FilePatch[], secrets: Redactor | undefined): PatchViolation[] {
  if (!secrets?.secrets.length) return [];
  const out: PatchViolation[] = [];
  for (const f of files) {
    const path = filePath(f);
    const named = secrets.find(`${f.oldPath ?? ''}\n${f.newPath ?? ''}`);
    if (named.length) out.push({ rule: 'secret_in_patch', path: secrets.redact(path), message: `the path contains the value of ${named.join(', ')}` });
    for (const h of f.hunks) {
      const added: { line: number; text: string }[] = [];
      let line = h.newStart;
      for (const l of h.lines) {
        if (l.startsWith('+')) added.push({ line, text: l.slice(1) });
        if (!l.startsWith('-') && !l.startsWith('\\')) line++;
      }
      const text = added.map((a) => a.text).join('\n');
      const names = secrets.find(text);
      if (!names.length) continue;
      const [start] = secrets.spans(text)[0]!;
      const first = added[text.slice(0, start).split('\n').length - 1]?.line ?? h.newStart;
      out.push({ rule: 'secret_in_patch', path: secrets.redact(path), message: `adds the value of ${names.join(', ')} (first at line ${first}); the stored diff has it redacted` });
    }
  }
  return out;
}

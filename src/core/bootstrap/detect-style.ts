import { parse as parseYaml } from 'yaml';
import { emptyFindings, type Findings } from './findings.js';
import { makeEvidence } from './make-evidence.js';
import { parseIni } from './parse-ini.js';
import type { RepoSnapshot } from './repo-snapshot.js';

const ESLINTRC = ['.eslintrc', '.eslintrc.json', '.eslintrc.yml', '.eslintrc.yaml'];

/** max-len from an eslintrc's rules: ["error", 100] or ["error", {code: 100}]. */
function eslintMaxLen(text: string): number | undefined {
  let doc: unknown;
  try {
    doc = parseYaml(text); // YAML is a superset of JSON
  } catch {
    return undefined;
  }
  const rules = (doc as { rules?: Record<string, unknown> } | null)?.rules;
  const rule = rules?.['max-len'];
  if (!Array.isArray(rule) || rule[0] === 'off' || rule[0] === 0) return undefined;
  const opt: unknown = rule[1];
  const n = typeof opt === 'number' ? opt : (opt as { code?: unknown } | undefined)?.code;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * Line-length limits from .editorconfig (the [*] section's max_line_length) and eslint's max-len rule, as
 * inferred constraints. ruff, black and flake8 limits come from the Python detectors.
 */
export function detectStyle(snapshot: RepoSnapshot): Findings {
  const found = emptyFindings();
  const editorconfig = snapshot.contents.get('.editorconfig');
  if (editorconfig !== undefined) {
    const entry = parseIni(editorconfig).get('*')?.get('max-line-length');
    if (entry && /^\d+$/.test(entry.value) && Number(entry.value) > 0)
      found.inferred.push({
        constraints: { max_line_length: Number(entry.value) },
        evidence: [makeEvidence('.editorconfig', 'editorconfig', `[*] max_line_length = ${entry.value}`, entry.line)],
      });
  }
  for (const file of ESLINTRC) {
    const text = snapshot.contents.get(file);
    const n = text === undefined ? undefined : eslintMaxLen(text);
    if (n !== undefined)
      found.inferred.push({ constraints: { max_line_length: n }, evidence: [makeEvidence(file, 'eslint.config', `max-len is ${n}`)] });
  }
  return found;
}

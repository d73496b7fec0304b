import type { ErrorObject } from 'ajv';
import type { DocumentIssue } from '../errors.js';
import { contractNames, type ContractName } from './contract-name.js';
import type { ContractTypes } from './types.generated.js';
import { validators } from './validators.generated.js';

export const SCHEMA_ID_BASE = 'https://uet.dev/schema/';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: DocumentIssue[] };

/** Every contract name, in schema/ order (defs excluded). */
export function listContracts(): readonly ContractName[] {
  return contractNames;
}

export function isContractName(name: string): name is ContractName {
  return (contractNames as readonly string[]).includes(name);
}

/** Validates a parsed document against a contract; errors are located by JSON pointer. */
export function validateDocument<N extends ContractName>(name: N, doc: unknown): ValidationResult<ContractTypes[N]> {
  // Compiled from the schemas by scripts/gen-contracts.mjs (ajv standalone code): nothing is compiled at run time.
  const fn = validators[name] as (typeof validators)[N] | undefined;
  if (!fn) throw new Error(`no schema for contract ${name}`);
  if (fn(doc)) return { ok: true, value: doc as ContractTypes[N] };
  return { ok: false, issues: translateAjvErrors(fn.errors ?? []) };
}

const typeArticle = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'an object';
  return JSON.stringify(v) ?? 'undefined';
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function firstSentence(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^[^.:]*[.:]?[^.]*/.exec(text);
  return (m?.[0] ?? text).replace(/[.:]$/, '');
}

/** Turns ajv errors into `pointer: message` issues a person understands, dropping combinator noise. */
export function translateAjvErrors(errors: readonly ErrorObject[]): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    let pointer = e.instancePath;
    let message: string;
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'required':
        message = `missing required property "${String(params.missingProperty)}"`;
        break;
      case 'additionalProperties': {
        const extra = String(params.additionalProperty);
        pointer = `${pointer}/${escapePointer(extra)}`;
        const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        message = `unknown property "${extra}"${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`;
        break;
      }
      case 'enum':
        message = `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${describeValue(e.data)})`;
        break;
      case 'const':
        message = `must be ${JSON.stringify(params.allowedValue)} (got ${describeValue(e.data)})`;
        break;
      case 'type':
        message = `must be ${typeArticle(String(params.type).replace(/,/g, ' or '))} (got ${describeValue(e.data)})`;
        break;
      case 'pattern': {
        const what = firstSentence((e.parentSchema as { description?: string } | undefined)?.description);
        message = what
          ? `${describeValue(e.data)} is not valid: expected ${what[0]?.toLowerCase()}${what.slice(1)}`
          : `${describeValue(e.data)} must match ${String(params.pattern)}`;
        break;
      }
      case 'format':
        message = `${describeValue(e.data)} is not a valid ${String(params.format)}${params.format === 'date-time' ? ' (RFC 3339, e.g. 2025-11-20T10:00:00Z)' : ''}`;
        break;
      case 'if':
      case 'anyOf':
      case 'oneOf':
      case 'allOf':
      case 'not':
        // Combinators add a summary after the specific errors; keep it only when nothing specific was said here.
        if (issues.some((i) => i.pointer.startsWith(pointer))) continue;
        message = e.keyword === 'not' ? 'is not allowed here' : `does not match any allowed form (${e.message ?? ''})`;
        break;
      default:
        message = e.message ?? `fails ${e.keyword}`;
    }
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ pointer, message });
  }
  return issues;
}

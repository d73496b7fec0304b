import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError } from '../core/errors.js';
import { scanJson } from './scan-json.js';
import { renderSnippet, sourcePosition } from './source-position.js';
import { yamlPointerOffsets } from './yaml-pointer-offsets.js';

export type DocumentFormat = 'json' | 'yaml';

/** A parsed JSON or YAML file, with enough of its source kept to locate a JSON pointer. */
export interface SourceDocument {
  /** The path as the caller gave it (used in messages). */
  readonly path: string;
  readonly format: DocumentFormat;
  readonly value: unknown;
  /** The 1-based line where the value at `pointer` (or its nearest located ancestor) starts. */
  lineOf(pointer: string): number | undefined;
}

export interface ReadDocumentOptions {
  /** Directory a relative `path` is resolved against; defaults to the process's. */
  cwd?: string;
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a parent of it is not a directory)',
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
};

/** Reads and parses a JSON or YAML document. Throws InputError, with line and column for syntax errors. */
export async function readDocument(path: string, options: ReadDocumentOptions = {}): Promise<unknown> {
  return (await readSourceDocument(path, options)).value;
}

/** Like readDocument, but keeps the source so that issues can be reported as `file:line`. */
export async function readSourceDocument(
  path: string,
  options: ReadDocumentOptions = {},
): Promise<SourceDocument> {
  let raw: Buffer;
  try {
    raw = await readFile(options.cwd === undefined ? path : resolve(options.cwd, path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new InputError(path, READ_ERRORS[code] ?? `cannot read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const text = decodeText(raw);
  if (text === undefined) throw new InputError(path, 'binary file, not JSON or YAML');
  return parseSourceDocument(path, text);
}

/**
 * The UTF-8 text of a file's bytes, or undefined for a binary file: a NUL byte, or bytes that are not UTF-8. (A
 * parser given one would echo raw bytes in its error.)
 */
export function decodeText(raw: Uint8Array): string | undefined {
  if (raw.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return undefined;
  }
}

/** Parses JSON or YAML text read from `path` (a file, or a file in a repository fetched over an API). */
export function parseSourceDocument(path: string, text: string): SourceDocument {
  if (text.trim() === '' || text === '\ufeff')
    throw new InputError(path, 'is empty: expected a JSON or YAML document');
  const ext = extname(path).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return parseYaml(path, text);
  if (ext === '.json') return parseJson(path, text);
  // Unknown extension: JSON first, then YAML; report the error of the format the text looks like.
  try {
    return parseJson(path, text);
  } catch (jsonError) {
    try {
      return parseYaml(path, text);
    } catch (yamlError) {
      throw /^\s*[[{]/.test(text.replace(/^\ufeff/, '')) ? jsonError : yamlError;
    }
  }
}

function locator(text: string, offsets: () => Map<string, number>): (pointer: string) => number | undefined {
  let cached: Map<string, number> | undefined;
  return (pointer) => {
    cached ??= offsets();
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const offset = cached.get(p);
      if (offset !== undefined) return sourcePosition(text, offset).line;
      if (p === '') return undefined;
    }
  };
}

function parseJson(path: string, text: string): SourceDocument {
  const body = text.replace(/^\ufeff/, '');
  let value: unknown;
  let parseError: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    parseError = error;
  }
  // The scan also refuses duplicate keys, which JSON.parse accepts by keeping the last (YAML refuses them too).
  const scan = scanJson(text, { uniqueKeys: true });
  if (parseError !== undefined || !scan.ok) {
    const offset = scan.ok ? 0 : scan.offset;
    const reason = scan.ok ? (parseError as Error).message : scan.reason;
    const at = sourcePosition(text, offset);
    throw new InputError(
      path,
      `invalid JSON at line ${at.line}, column ${at.column}: ${reason}${renderSnippet(text, at)}`,
      { cause: parseError ?? new Error(reason) },
    );
  }
  return { path, format: 'json', value, lineOf: locator(text, () => scan.offsets) };
}

function parseYaml(path: string, text: string): SourceDocument {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0] ?? { line: 1, col: 1 };
    const at = { line: pos.line, column: pos.col };
    const reason = (first.message.split('\n')[0] ?? first.code).replace(/ at line \d+, column \d+:?$/, '');
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more)` : '';
    throw new InputError(
      path,
      `invalid YAML at line ${at.line}, column ${at.column}: ${reason}${more}${renderSnippet(text, at)}`,
      {
        cause: first,
      },
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new InputError(path, `invalid YAML: ${(error as Error).message}`, { cause: error });
  }
  return { path, format: 'yaml', value, lineOf: locator(text, () => yamlPointerOffsets(doc)) };
}

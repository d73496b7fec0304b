import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDocument, readSourceDocument } from '../../src/adapters/read-document.js';
import { InputError } from '../../src/core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'uet-read-document-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('readDocument', () => {
  it('reads JSON', async () => {
    expect(await readDocument(file('ok.json', '{"a": [1, {"b": null}]}'))).toEqual({ a: [1, { b: null }] });
  });

  it('reads YAML by extension (.yaml and .yml)', async () => {
    expect(await readDocument(file('ok.yaml', 'a:\n  - 1\n  - b: x\n'))).toEqual({ a: [1, { b: 'x' }] });
    expect(await readDocument(file('ok.yml', 'on: yes\n'))).toEqual({ on: 'yes' });
  });

  it('tries JSON then YAML for other extensions', async () => {
    expect(await readDocument(file('doc.txt', '{"a": 1}'))).toEqual({ a: 1 });
    expect(await readDocument(file('doc.conf', 'a: 1\n'))).toEqual({ a: 1 });
  });

  it('resolves a relative path against cwd but reports it as given', async () => {
    file('rel.json', '{"x": true}');
    expect(await readDocument('rel.json', { cwd: dir })).toEqual({ x: true });
    const error = await inputError(readDocument('nope.json', { cwd: dir }));
    expect(error.message).toBe('nope.json: no such file');
  });

  it('reports invalid JSON with line and column', async () => {
    const path = file('bad.json', '{\n  "a": 1,\n  "b": tru\n}\n');
    const error = await inputError(readDocument(path));
    expect(error.message).toContain('invalid JSON at line 3, column 8: unexpected "tru": expected a value');
    expect(error.message).toContain('  3 |   "b": tru\n    |        ^');
    expect(error.file).toBe(path);
  });

  it('locates JSON errors that JSON.parse does not place', async () => {
    const trailing = await inputError(readDocument(file('trailing.json', '{\n  "a": [1, 2,]\n}')));
    expect(trailing.message).toContain('line 2, column 14: trailing comma before "]"');
    const unterminated = await inputError(readDocument(file('open.json', '{"a": 1')));
    expect(unterminated.message).toContain('line 1, column 8: unexpected end of file');
    const quotes = await inputError(readDocument(file('quotes.json', "{'a': 1}")));
    expect(quotes.message).toContain('line 1, column 2');
  });

  it('refuses duplicate keys in JSON, as in YAML, instead of keeping the last one', async () => {
    const error = await inputError(readDocument(file('dup.json', '{\n  "a": {"b": 1},\n  "a": {"c": 2}\n}\n')));
    expect(error.message).toContain('invalid JSON at line 3, column 3: duplicate key "a" (keys must be unique)');
    expect(await readDocument(file('nested.json', '{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}'))).toEqual({ a: { a: 1 }, b: [{ a: 1 }, { a: 2 }] });
  });

  it('reports invalid YAML with line and column', async () => {
    const error = await inputError(readDocument(file('bad.yaml', 'a: 1\nb:\n  - x\n - y\n')));
    expect(error.message).toMatch(/invalid YAML at line 4, column \d+: /);
    const dup = await inputError(readDocument(file('dup.yaml', 'a: 1\na: 2\n')));
    expect(dup.message).toContain('invalid YAML at line 2, column 1: Map keys must be unique');
  });

  it('reports a missing file, a directory and an empty file', async () => {
    expect((await inputError(readDocument(join(dir, 'missing.json')))).message).toMatch(
      /missing\.json: no such file$/,
    );
    mkdirSync(join(dir, 'sub.json'));
    expect((await inputError(readDocument(join(dir, 'sub.json')))).message).toMatch(
      /is a directory, not a file$/,
    );
    expect((await inputError(readDocument(file('empty.yaml', '  \n')))).message).toMatch(/is empty/);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable file', async () => {
    const path = file('secret.json', '{}');
    chmodSync(path, 0o000);
    expect((await inputError(readDocument(path))).message).toMatch(/permission denied$/);
  });
});

describe('readSourceDocument', () => {
  it('maps JSON pointers back to lines', async () => {
    const doc = await readSourceDocument(
      file('lines.json', '{\n  "a": {\n    "b": [\n      1,\n      2\n    ]\n  }\n}\n'),
    );
    expect(doc.format).toBe('json');
    expect(doc.lineOf('')).toBe(1);
    expect(doc.lineOf('/a')).toBe(2);
    expect(doc.lineOf('/a/b/1')).toBe(5);
    expect(doc.lineOf('/a/missing')).toBe(2);
  });

  it('maps JSON pointers back to lines in YAML', async () => {
    const doc = await readSourceDocument(
      file('lines.yaml', '# comment\na:\n  b:\n    - 1\n    - c: 2\n"x/y": 3\n'),
    );
    expect(doc.format).toBe('yaml');
    expect(doc.lineOf('/a/b')).toBe(3);
    expect(doc.lineOf('/a/b/1/c')).toBe(5);
    expect(doc.lineOf('/x~1y')).toBe(6);
  });
});

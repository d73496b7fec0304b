import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listContracts, validateDocument } from '../../../src/core/contracts/index.js';
import type { ContractName } from '../../../src/core/contracts/index.js';

interface InvalidCase {
  why: string;
  doc: unknown;
  pointer: string;
  message?: string;
}

const schemaFiles = readdirSync('schema').filter((f) => f.endsWith('.v1.json'));
const readSchema = (name: string) => JSON.parse(readFileSync(`schema/${name}.v1.json`, 'utf8'));

/** Every property schema reachable under `properties`, with its pointer into the schema. */
function* walkProperties(node: unknown, path: string): Generator<[string, Record<string, unknown>]> {
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [prop, sub] of Object.entries(value as Record<string, unknown>)) {
        yield [`${path}/properties/${prop}`, sub as Record<string, unknown>];
        yield* walkProperties(sub, `${path}/properties/${prop}`);
      }
    } else if (key !== 'examples' && key !== 'default' && typeof value === 'object') {
      yield* walkProperties(value, `${path}/${key}`);
    }
  }
}

describe('schema files', () => {
  it('has the 18 contracts plus the shared definitions', () => {
    expect(listContracts()).toHaveLength(18);
    expect(schemaFiles.sort()).toEqual([...listContracts(), 'defs'].map((n) => `${n}.v1.json`).sort());
  });

  it('generated schemas and types are up to date', () => {
    expect(() => execFileSync('node', ['scripts/gen-contracts.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});

describe.each(listContracts().map((n) => [n] as [ContractName]))('contract %s', (name) => {
  const schema = readSchema(name);

  it('compiles in ajv strict mode and is self-describing', () => {
    expect(() => validateDocument(name, {})).not.toThrow();
    expect(schema.$id).toBe(`https://uet.dev/schema/${name}.v1.json`);
    expect(typeof schema.title).toBe('string');
    expect(typeof schema.description).toBe('string');
    const undocumented = [...walkProperties(schema, '')].filter(([, s]) => typeof s.description !== 'string');
    expect(undocumented.map(([p]) => p)).toEqual([]);
  });

  it('accepts every one of its examples', () => {
    expect(Array.isArray(schema.examples) && schema.examples.length > 0).toBe(true);
    for (const example of schema.examples as unknown[]) {
      const result = validateDocument(name, example);
      expect(result.ok ? [] : result.issues).toEqual([]);
    }
  });

  it('rejects invalid documents at the expected JSON pointer', () => {
    const cases = JSON.parse(readFileSync(`test/fixtures/contracts/invalid/${name}.json`, 'utf8')) as InvalidCase[];
    expect(cases.length).toBeGreaterThanOrEqual(3);
    for (const c of cases) {
      const result = validateDocument(name, c.doc);
      expect(result.ok, c.why).toBe(false);
      if (result.ok) continue;
      const at = result.issues.filter((i) => i.pointer === c.pointer);
      expect(at.length, `${c.why}: expected an issue at ${c.pointer}, got ${JSON.stringify(result.issues)}`).toBeGreaterThan(0);
      if (c.message) expect(at.map((i) => i.message).join('\n'), c.why).toContain(c.message);
    }
  });
});

// The generated validators (ajv standalone code, scripts/gen-contracts.mjs) must say exactly what ajv says when
// it compiles schema/*.v1.json at run time, as validateDocument did before ADR 0013: the same verdict and the same
// error objects, in the same order, so `uet validate` prints the same issues. Compared on every example, on
// every example against every other contract (what detectContract does), on the invalid fixtures, and on
// mutations of the examples at every JSON pointer (deleted, retyped, extended).
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { listContracts, translateAjvErrors, type ContractName } from '../../../src/core/contracts/index.js';
import { validators } from '../../../src/core/contracts/validators.generated.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ID_BASE = 'https://uet.dev/schema/';

const schemas = Object.fromEntries(
  readdirSync('schema')
    .filter((f) => f.endsWith('.v1.json'))
    .map((f) => [
      f.replace(/\.v1\.json$/, ''),
      JSON.parse(readFileSync(`schema/${f}`, 'utf8')) as Record<string, unknown>,
    ]),
);

/** ajv as validateDocument configured it before the validators were generated (and as the generator does). */
const runtimeAjv = new Ajv({ strict: true, allErrors: true, verbose: true, allowUnionTypes: true });
addFormats(runtimeAjv);
for (const [name, doc] of Object.entries(schemas)) runtimeAjv.addSchema(doc, `${ID_BASE}${name}.v1.json`);
const compiled = (name: ContractName): ValidateFunction => runtimeAjv.getSchema(`${ID_BASE}${name}.v1.json`)!;

const examples = (name: ContractName) => (schemas[name]?.examples ?? []) as unknown[];
const invalidFixtures = (name: ContractName) =>
  (
    JSON.parse(readFileSync(`test/fixtures/contracts/invalid/${name}.json`, 'utf8')) as { doc: unknown }[]
  ).map((c) => c.doc);

/** Copies of `doc` with one change at one place: removed, replaced by a value of another type, or extended. */
function* mutations(doc: unknown): Generator<unknown> {
  const replacements: unknown[] = [
    null,
    'x',
    'a string longer than forty characters, to be cut short',
    '😀'.repeat(300), // 300 characters but 600 UTF-16 code units: ajv counts characters (maxLength 512)
    12.5,
    -1,
    true,
    [],
    {},
  ];
  function* at(node: unknown, rebuild: (value: unknown) => unknown): Generator<unknown> {
    for (const r of replacements) yield rebuild(r);
    if (Array.isArray(node)) {
      yield rebuild([...node, ...node]);
      for (const [i, item] of node.entries()) {
        yield* at(item, (v) => rebuild(node.map((x, j) => (j === i ? v : x))));
      }
    } else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      yield rebuild({ ...record, 'unexpected/key~': 1 });
      for (const key of Object.keys(record)) {
        const { [key]: _removed, ...rest } = record;
        yield rebuild(rest);
        yield* at(record[key], (v) => rebuild({ ...record, [key]: v }));
      }
    }
  }
  yield* at(doc, (v) => v);
}

/** Error objects as plain data; the schema objects they point into are compared by content. */
const shown = new WeakMap<object, string>();
const byContent = (value: unknown) => {
  if (!value || typeof value !== 'object') return value;
  let text = shown.get(value);
  if (text === undefined) shown.set(value, (text = JSON.stringify(value)));
  return text;
};
const plain = (errors: readonly ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => ({ ...e, schema: byContent(e.schema), parentSchema: byContent(e.parentSchema) }));

function expectSameVerdict(name: ContractName, doc: unknown): void {
  const generated = validators[name];
  const reference = compiled(name);
  const ok = generated(doc);
  expect(ok).toBe(reference(doc));
  const generatedErrors = plain(generated.errors);
  const referenceErrors = plain(reference.errors);
  expect(generatedErrors).toEqual(referenceErrors);
  expect(translateAjvErrors(generated.errors ?? [])).toEqual(translateAjvErrors(reference.errors ?? []));
}

describe('generated standalone validators', () => {
  it('cover every contract and nothing else', () => {
    expect(Object.keys(validators).sort()).toEqual([...listContracts()].sort());
  });

  describe.each(listContracts().map((n) => [n] as [ContractName]))('%s', (name) => {
    it('agree with ajv compiling the schema on its examples and invalid fixtures', () => {
      const docs = [...examples(name), ...invalidFixtures(name)];
      expect(docs.length).toBeGreaterThan(3);
      for (const doc of docs) expectSameVerdict(name, doc);
    });

    it("agree on every other contract's examples (as detectContract tries them)", () => {
      for (const other of listContracts()) for (const doc of examples(other)) expectSameVerdict(name, doc);
    });

    it('agree on mutations of its examples at every JSON pointer', () => {
      let count = 0;
      let invalid = 0;
      for (const example of examples(name)) {
        for (const doc of mutations(example)) {
          expectSameVerdict(name, doc);
          count++;
          if (validators[name].errors?.length) invalid++;
        }
      }
      // The mutations reach deep and mostly break the document: the comparison is about errors, not only "ok".
      expect(count).toBeGreaterThan(50);
      expect(invalid).toBeGreaterThan(count / 2);
    });
  });
});

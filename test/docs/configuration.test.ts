import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const doc = readFileSync('docs/configuration.md', 'utf8');
const bundle = JSON.parse(readFileSync('schema/workstream_bundle.v1.json', 'utf8'));
const defs = JSON.parse(readFileSync('schema/defs.v1.json', 'utf8')).definitions;

type Props = Record<string, { properties?: Props; default?: unknown; $ref?: string }>;
const fieldNames = (props: Props, prefix = ''): string[] => Object.keys(props).map((k) => `${prefix}${k}`);

/** The rows of the table under a `## <heading>`, by their first cell. */
function tableFields(heading: string): string[] {
  const section = doc.split(/^## /m).find((s) => s.startsWith(`${heading}\n`)) ?? '';
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
}

describe('docs/configuration.md', () => {
  it('has a row for every bundle, workstream and step field of the schema, and no others', () => {
    const step = bundle.definitions.step.properties as Props;
    const stepFields = Object.entries(step).flatMap(([k, v]) =>
      v.properties ? fieldNames(v.properties, `${k}.`) : [k],
    );
    expect(tableFields('Bundle').sort()).toEqual(fieldNames(bundle.properties).sort());
    expect(tableFields('Workstream').sort()).toEqual(
      fieldNames(bundle.definitions.workstream.properties).sort(),
    );
    expect(tableFields('Step').sort()).toEqual(stepFields.sort());
    expect(tableFields('Gate').sort()).toEqual(fieldNames(defs.test_gate.properties).sort());
    expect(tableFields('Circuit breaker').sort()).toEqual(fieldNames(defs.circuit_breaker.properties).sort());
  });

  it('states the schema default of every field that has one', () => {
    const check = (heading: string, props: Props) => {
      const section = doc.split(/^## /m).find((x) => x.startsWith(`${heading}\n`)) ?? '';
      const rows = new Map(
        [...section.matchAll(/^\| `([^`]+)` \| (?:[^|\\]|\\\|)* \| ([^|]*) \|/gm)].map((m) => [m[1]!, m[2]!]),
      );
      const visit = (node: Props, prefix: string) => {
        for (const [k, v] of Object.entries(node)) {
          const ref = v.$ref?.split('/').pop();
          const dflt =
            v.default ?? (ref ? (defs[ref] as { default?: unknown } | undefined)?.default : undefined);
          const expected = typeof dflt === 'string' ? dflt : JSON.stringify(dflt)?.replace(/,/g, ', ');
          if (dflt !== undefined)
            expect(rows.get(`${prefix}${k}`), `${heading}: ${prefix}${k}`).toContain(`\`${expected}\``);
          if (v.properties) visit(v.properties, `${prefix}${k}.`);
        }
      };
      visit(props, '');
    };
    check('Bundle', bundle.properties);
    check('Workstream', bundle.definitions.workstream.properties);
    check('Step', bundle.definitions.step.properties);
    check('Gate', defs.test_gate.properties);
    check('Circuit breaker', defs.circuit_breaker.properties);
  });
});

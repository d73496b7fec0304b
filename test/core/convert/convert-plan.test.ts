import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/core/bundle/index.js';
import { validateDocument } from '../../../src/core/contracts/index.js';
import { convertPlan, parseInlineMetadata, slugify } from '../../../src/core/convert/index.js';

const dir = 'test/fixtures/convert';
/** Golden pairs: each test/fixtures/convert/<name>.md converts to <name>.json ({bundle, warnings}). */
const golden = [
  ...readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => ({ md: join(dir, f), json: join(dir, f.replace(/\.md$/, '.json')) })),
  { md: 'examples/phase-k-plus/plan.md', json: join(dir, 'phase-k-plus-plan.json') },
];

describe('convertPlan (golden files)', () => {
  for (const { md, json } of golden) {
    it(`${md} -> ${json}`, () => {
      const result = convertPlan(readFileSync(md, 'utf8'), { fallbackName: 'plan' });
      const actual = { bundle: result.bundle, warnings: result.warnings };
      if (process.env.UPDATE_GOLDEN) writeFileSync(json, `${JSON.stringify(actual, null, 2)}\n`);
      expect(actual).toEqual(JSON.parse(readFileSync(json, 'utf8')));
      expect(result.issues).toEqual([]);
      const checked = validateDocument('workstream_bundle', result.bundle);
      expect(checked.ok ? [] : checked.issues).toEqual([]);
      expect(buildPlan(result.bundle).ok).toBe(true);
    });
  }

  it('the shipped Phase K+ plan converts without warnings and keeps week order as dependencies', () => {
    const { bundle, warnings } = convertPlan(readFileSync('examples/phase-k-plus/plan.md', 'utf8'));
    expect(warnings).toEqual([]);
    expect(bundle.workstreams.map((w) => [w.ws_id, w.depends_on ?? [], w.priority])).toEqual([
      ['WS-K0-FOUNDATION', [], 'background'],
      ['WS-K1-CRITICAL', [], 'foreground'],
      ['WS-K2-RUNTIME', ['WS-K1-CRITICAL'], 'foreground'],
      ['WS-K3-DEPENDENCIES', ['WS-K2-RUNTIME'], 'foreground'],
      ['WS-K4-PERFORMANCE', ['WS-K3-DEPENDENCIES'], 'foreground'],
    ]);
  });

  it('gives stable ids: the same plan converts to the same bundle, and unrelated edits keep other ids', () => {
    const text = readFileSync(join(dir, 'seed-style.md'), 'utf8');
    const ids = (t: string) =>
      convertPlan(t).bundle.workstreams.flatMap((w) => (w.steps ?? []).map((s) => s.step_id));
    expect(ids(text)).toEqual(ids(text));
    const edited = text.replace(
      '- [ ] Create term relationships graph',
      '- [ ] Create term relationships graph\n- [ ] A new task',
    );
    expect(ids(edited).filter((id) => id !== 'a-new-task')).toEqual(ids(text));
  });

  it('reports what the result breaks (a dependency cycle) as issues', () => {
    const md = '# P\n\n### Week 1\n\n- [ ] A {id: a, after: b}\n- [ ] B {id: b, after: a}\n';
    expect(convertPlan(md).issues[0]?.message).toMatch(/dependency cycle/);
  });
});

describe('inline metadata and slugs', () => {
  it('splits keys and list values; backticks keep commas; flags stand alone', () => {
    const m = parseInlineMetadata(
      'Write it {tool: aider, files: a.md, b.md, creates: x.md, validate: `a, b`, budget: 5, optional}',
    );
    expect(m.text).toBe('Write it');
    expect(Object.fromEntries(m.meta)).toEqual({
      tool: ['aider'],
      files: ['a.md', 'b.md'],
      creates: ['x.md'],
      validate: ['a, b'],
      budget: ['5'],
      optional: [],
    });
    expect(parseInlineMetadata('x {tool: a')).toMatchObject({
      text: 'x',
      problem: expect.stringContaining('never closed'),
    });
    expect(parseInlineMetadata('no metadata').meta.size).toBe(0);
  });

  it('slugifies to ASCII words cut at a word boundary', () => {
    expect(slugify('ADR-0001: Workstream Model Choice')).toBe('adr-0001-workstream-model-choice');
    expect(slugify('Café & résumé `docs/x.md`')).toBe('cafe-resume-docs-x-md');
    expect(slugify('a very long task title that goes on and on beyond the limit', 20)).toBe(
      'a-very-long-task',
    );
    expect(slugify('!!!')).toBe('item');
  });
});

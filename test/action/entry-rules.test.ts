import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '../../src/action');
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));

describe('action: entry-point rules (docs/STYLE)', () => {
  it('index.ts only calls run()', () => {
    const lines = readFileSync(join(dir, 'index.ts'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    expect(lines).toEqual(["import { run } from './run.js';", 'await run();']);
  });

  it('reads inputs only in run.ts and action-inputs.ts, and calls setFailed only in run.ts', () => {
    const using = (re: RegExp) => sources.filter((s) => re.test(s.text)).map((s) => s.file).sort();
    expect(using(/@actions\/core/)).toEqual(['action-inputs.ts', 'run.ts']);
    expect(using(/getInput\(/)).toEqual(['action-inputs.ts']);
    expect(using(/setFailed\(/)).toEqual(['run.ts']);
    expect(using(/process\.env/)).toEqual(['run.ts']);
  });

  it('never imports the CLI or the app', () => {
    for (const s of sources) expect(s.text, s.file).not.toMatch(/from '\.\.\/(cli|app)\//);
  });
});

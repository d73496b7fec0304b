import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { getLanguageIndex } from '../../../../src/core/bootstrap/languages/index.js';

describe('the generated Linguist index', () => {
  it('is fresh (node scripts/linguist/build-index.mjs --check)', () => {
    expect(() =>
      execFileSync('node', ['scripts/linguist/build-index.mjs', '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('holds Linguist 7.22.1 data', () => {
    const index = getLanguageIndex();
    expect(index.version).toBe('7.22.1');
    expect(index.languages).toHaveLength(658);
    expect(index.byExtension('a.d.ts').map((l) => l.name)).toEqual(['TypeScript', 'XML']); // .ts, then .d.ts has none
    expect(index.byExtension('x.h').map((l) => l.name)).toEqual(['C', 'C++', 'Objective-C']);
    expect(index.byFilename('src/Makefile').map((l) => l.name)).toEqual(['Makefile']);
    expect(index.byInterpreter('python3').map((l) => l.name)).toEqual(['Python']);
    expect(index.byAlias('C++, with templates')?.name).toBe('C++');
    expect(index.isVendored('a/node_modules/b.js')).toBe(true);
    expect(index.isVendored('src/vendors.ts')).toBe(false);
    expect(index.isDocumentation('CHANGELOG.md')).toBe(true);
    expect(index.isGenericExtension('page.1')).toBe(true);
  });

  it('compiles every heuristic (translated from Ruby) and evaluates case-insensitive groups', () => {
    const fortran = getLanguageIndex().heuristicFor('x.f')!;
    const matched = fortran.find((rule) => rule.test('      PROGRAM MAIN\n'));
    expect(matched?.languages.map((l) => l.name)).toEqual(['Fortran']);
    const pod = getLanguageIndex().heuristicFor('x.pod')!;
    expect(pod[0]!.test(' =begin pod\n')).toBe(true);
    expect(pod[0]!.test('\n=head1 NAME\n')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { buildLinguistPathFilter } from '../../../../src/core/bootstrap/languages/linguist-attribute-filter.js';

const PATHS = [
  '.yarn/releases/yarn.cjs',
  'src/index.ts',
  'pages/common/tar.md',
  'pages.fr/linux/apt.md',
  'docs/gen/api.md',
  'docs/guide.md',
  'lib/vendor/x.js',
  'lib/generated/y.pb.go',
  'README.md',
];
const keep = (sources: { dir: string; text: string }[]) => {
  const filter = buildLinguistPathFilter(sources);
  return filter ? PATHS.filter(filter) : 'all';
};

describe('buildLinguistPathFilter: the paths check-attr is asked about', () => {
  it('anchored patterns, globstars and patterns without a slash', () => {
    expect(keep([{ dir: '', text: '* text eol=lf\n/.yarn/** linguist-vendored\n' }])).toEqual([
      '.yarn/releases/yarn.cjs',
    ]);
    expect(keep([{ dir: '', text: 'pages*/**/*.md linguist-detectable=true\n' }])).toEqual([
      'pages/common/tar.md',
      'pages.fr/linux/apt.md',
    ]);
    expect(keep([{ dir: '', text: '*.pb.go linguist-generated\n' }])).toEqual(['lib/generated/y.pb.go']);
  });

  it("patterns of a nested .gitattributes are relative to its directory; a directory's match covers its files", () => {
    expect(keep([{ dir: 'docs', text: 'gen linguist-generated\n' }])).toEqual(['docs/gen/api.md']);
    expect(keep([{ dir: 'lib', text: '/vendor linguist-vendored=false\n' }])).toEqual(['lib/vendor/x.js']);
  });

  it('lines that do not mention linguist, comments and blank lines are ignored', () => {
    expect(keep([{ dir: '', text: '# linguist-vendored\n\n*.md text\n' }])).toEqual([]);
  });

  it('braces and extglobs are literal, as in git', () => {
    expect(keep([{ dir: '', text: 'src/{index,x}.ts linguist-vendored\n' }])).toEqual([]);
  });

  it('cannot tell (every path is asked about): a macro setting linguist, a quoted, escaped or negated pattern', () => {
    expect(keep([{ dir: '', text: '[attr]ours linguist-vendored\n*.js ours\n' }])).toBe('all');
    expect(keep([{ dir: '', text: '"a b.md" linguist-documentation\n' }])).toBe('all');
    expect(keep([{ dir: '', text: 'a\\ b.md linguist-documentation\n' }])).toBe('all');
    expect(keep([{ dir: '', text: '!x.md linguist-documentation\n' }])).toBe('all');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeSpan, fenced } from '../../src/app/onboarding/markdown-safe.js';

// eslint-disable-next-line no-control-regex -- values without control characters (codeSpan makes them spaces)
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;

/** The fence and the content a CommonMark code span renders, or undefined when `md` is not one code span. */
function parseSpan(md: string): { fence: string; content: string } | undefined {
  const fence = /^`+/.exec(md)?.[0];
  if (!fence || !md.endsWith(fence) || md.length < fence.length * 2) return undefined;
  const inner = md.slice(fence.length, md.length - fence.length);
  // The span closes at the first backtick run of exactly the fence's length: none may be inside.
  if ((inner.match(/`+/g) ?? []).some((run) => run.length === fence.length)) return undefined;
  const strip = inner.length >= 2 && inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '';
  return { fence, content: strip ? inner.slice(1, -1) : inner };
}

describe('codeSpan: repository values in onboarding bodies', () => {
  it('is one code span that renders the value exactly (on one line): a value cannot close it early', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }).filter((s) => s.trim() !== '' && !CONTROL.test(s)),
        (value) => {
          const span = parseSpan(codeSpan(value, 200));
          expect(span?.content).toBe(value);
        },
      ),
    );
  });

  it('keeps injected links, images, HTML and mentions inside the span', () => {
    for (const value of [
      '[x](http://evil.example)',
      '<img src=x onerror=alert(1)>',
      '`` ` ``](http://evil)',
      '@admin #1',
      '</details><script>',
    ]) {
      const md = codeSpan(value);
      expect(parseSpan(md)?.content).toBe(value);
    }
    expect(codeSpan('a\nb\r\nc')).toBe('`a b c`');
  });

  it('fences a block so that no line of it can close the fence', () => {
    const body = 'a\n```\nb\n````\n';
    const md = fenced(body, 'yaml');
    expect(md.startsWith('`````yaml\n')).toBe(true);
    expect(md.endsWith('\n`````')).toBe(true);
  });
});

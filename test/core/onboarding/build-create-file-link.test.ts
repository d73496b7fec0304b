import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCreateFileLink, URL_LIMIT } from '../../../src/core/onboarding/build-create-file-link.js';

const REPO = 'https://github.com/octo-org/widgets';

describe('buildCreateFileLink', () => {
  it("opens GitHub's new-file page of the branch with the name and the exact content", () => {
    const text = "name: uet\n# (see docs) it's *pinned* ~ 100% & more\non: workflow_dispatch\n";
    const link = buildCreateFileLink(REPO, 'main', '.github/workflows/uet.yml', text);
    expect(link.prefilled).toBe(true);
    const url = new URL(link.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${REPO}/new/main`);
    expect(url.searchParams.get('filename')).toBe('.github/workflows/uet.yml');
    expect(url.searchParams.get('value')).toBe(text);
  });

  it('keeps the URL usable inside a markdown link: no parenthesis, space or quote left unencoded', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.stringMatching(/^[a-z0-9._/()-]{1,30}$/),
        (text, branch) => {
          const link = buildCreateFileLink(REPO, branch, '.github/workflows/uet.yml', text);
          expect(link.url.slice(REPO.length)).not.toMatch(/[()\s'"<>`]/);
          if (link.prefilled) expect(new URL(link.url).searchParams.get('value')).toBe(text);
        },
      ),
    );
  });

  it(`falls back to the name only when the URL would pass ${URL_LIMIT} characters (GitHub answers 414 past about 8 KB)`, () => {
    const text = 'x: "a long workflow line"\n'.repeat(400);
    const link = buildCreateFileLink(REPO, 'main', '.github/workflows/uet.yml', text);
    expect(link).toEqual({
      prefilled: false,
      url: `${REPO}/new/main?filename=.github/workflows/uet.yml`,
      length: expect.any(Number),
    });
    expect(link.prefilled ? 0 : link.length).toBeGreaterThan(URL_LIMIT);
  });

  it('is prefilled up to the limit and not one character past it', () => {
    const base = buildCreateFileLink(REPO, 'main', 'f', '').url.length;
    expect(buildCreateFileLink(REPO, 'main', 'f', 'a'.repeat(URL_LIMIT - base)).prefilled).toBe(true);
    expect(buildCreateFileLink(REPO, 'main', 'f', 'a'.repeat(URL_LIMIT - base + 1)).prefilled).toBe(false);
  });
});

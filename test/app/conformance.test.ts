import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createConformance } from './support/openapi-conformance.js';

describe('the OpenAPI conformance check', () => {
  const c = createConformance();
  it('accepts a request GitHub would take, with its path parameters', () => {
    const r = c.check('POST', 'https://api.github.com/repos/o/r/git/refs', {
      ref: 'refs/uet/runs/X',
      sha: 'a'.repeat(40),
    });
    expect(r).toMatchObject({
      ok: true,
      match: { key: 'POST /repos/{owner}/{repo}/git/refs', params: { owner: 'o', repo: 'r' } },
    });
    expect(
      c.check('GET', 'https://api.github.com/repos/o/r/git/matching-refs/uet/runs/01ABC', undefined),
    ).toMatchObject({ ok: true, match: { params: { ref: 'uet/runs/01ABC' } } });
  });

  it('rejects an unknown route, an unknown query parameter and a body that breaks the schema', () => {
    expect(c.check('POST', 'https://api.github.com/repos/o/r/git/refz', {})).toMatchObject({ ok: false });
    expect(c.check('GET', 'https://api.github.com/repos/o/r/pulls?colour=red', undefined)).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('unknown query parameter "colour"')],
    });
    const bad = c.check('POST', 'https://api.github.com/repos/o/r/check-runs', {
      name: 'x',
      head_sha: 'y',
      status: 'done',
    });
    expect(bad.ok).toBe(false);
    const inputs = Object.fromEntries(Array.from({ length: 26 }, (_v, i) => [`i${i}`, 'v']));
    expect(
      c.check('POST', 'https://api.github.com/repos/o/r/actions/workflows/uet.yml/dispatches', {
        ref: 'main',
        inputs,
      }).ok,
    ).toBe(false);
  });

  it('takes only the media types an operation documents: the raw contents type is raw+json, not v3.raw', () => {
    const url = 'https://api.github.com/repos/o/r/contents/uet/bundle.yaml?ref=main';
    for (const accept of ['application/vnd.github.raw+json', 'application/vnd.github.v3+json', 'application/vnd.github+json, */*'])
      expect(c.check('GET', url, undefined, { accept }), accept).toMatchObject({ ok: true });
    expect(c.check('GET', url, undefined, { accept: 'application/vnd.github.v3.raw' })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/Accept "application\/vnd\.github\.v3\.raw" is not a media type this operation documents/)],
    });
    // A custom media type of one operation is not another's.
    expect(c.check('GET', 'https://api.github.com/repos/o/r/git/ref/heads/main', undefined, { accept: 'application/vnd.github.raw+json' }).ok).toBe(false);
    expect(c.check('GET', 'https://api.github.com/repos/o/r/compare/a...b', undefined, { accept: 'application/vnd.github.diff' }).ok).toBe(true);
  });

  it('keeps per_page within its documented maximum, and gives the page size and list limits GitHub applies', () => {
    expect(c.check('GET', 'https://api.github.com/repos/o/r/commits/abc/check-runs?per_page=101', undefined)).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('per_page 101 is outside 1..100')],
    });
    expect(c.check('GET', 'https://api.github.com/repos/o/r/commits/abc/check-runs', undefined)).toMatchObject({ ok: true, match: { perPage: 30 } });
    expect(c.check('GET', 'https://api.github.com/repos/o/r/compare/a...b?per_page=100', undefined)).toMatchObject({
      ok: true,
      match: { perPage: 100, limits: { files: 300, commits: 250 } },
    });
    expect(c.check('GET', 'https://api.github.com/repos/o/r/pulls/7/files', undefined)).toMatchObject({ match: { limits: { files: 3000 } } });
  });

  it('uses a subset that matches its generator and @octokit/openapi', () => {
    const committed = readFileSync(
      new URL('../fixtures/github/openapi-subset.json', import.meta.url),
      'utf8',
    );
    const script = new URL('../../scripts/openapi-subset.mjs', import.meta.url).pathname;
    const fresh = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { buildSubset, specPath } from ${JSON.stringify(script)}; import { readFileSync } from 'node:fs'; process.stdout.write(JSON.stringify(buildSubset(JSON.parse(readFileSync(specPath, 'utf8'))), null, 1) + '\\n');`,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    ).toString();
    expect(fresh).toBe(committed);
  });
});

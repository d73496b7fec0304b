import { describe, expect, it } from 'vitest';
import { checkResultPolicy } from '../../src/app/policy/check-result-policy.js';

const file = (filename: string, previous?: string) => ({
  filename,
  status: previous ? 'renamed' : 'modified',
  additions: 1,
  deletions: 0,
  ...(previous ? { previous_filename: previous } : {}),
});

describe('checkResultPolicy (the app-side re-check of the compare result)', () => {
  it('refuses the always-forbidden places whatever the configuration says', () => {
    const found = checkResultPolicy(
      [
        file('.github/workflows/ci.yml'),
        file('src/ok.ts'),
        file('a/.git/config'),
        file('docs/x.md', '.uet/runs/x'),
      ],
      {},
    );
    expect(found.map((f) => f.path)).toEqual(['.github/workflows/ci.yml', 'a/.git/config', '.uet/runs/x']);
  });

  it('applies the configured forbidden and allowed paths, both sides of a rename', () => {
    const policy = { forbidden_paths: ['secrets/**'], allowed_paths: ['src/**', 'secrets/**'] };
    expect(
      checkResultPolicy([file('src/a.ts'), file('src/b.ts', 'secrets/b.ts'), file('README.md')], policy),
    ).toEqual([
      { path: 'secrets/b.ts', message: 'matches the forbidden path "secrets/**" of the patch policy' },
      { path: 'README.md', message: 'outside the allowed paths of the patch policy' },
    ]);
  });
});

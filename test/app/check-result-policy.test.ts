import { describe, expect, it } from 'vitest';
import { checkResultPolicy, type ChangedFile } from '../../src/app/policy/check-result-policy.js';

const file = (path: string, more: Partial<ChangedFile> = {}): ChangedFile => ({ path, status: 'modified', mode: '100644', ...more });

describe('checkResultPolicy (the app-side re-check of the result, file by file from git trees)', () => {
  it('refuses the always-forbidden places whatever the configuration says, removed paths included', () => {
    const found = checkResultPolicy([file('.github/workflows/ci.yml'), file('src/ok.ts'), file('a/.git/config'), file('.uet/runs/x', { status: 'removed' })], {});
    expect(found.map((f) => f.path)).toEqual(['.github/workflows/ci.yml', 'a/.git/config', '.uet/runs/x']);
  });

  it('applies the configured forbidden and allowed paths', () => {
    const policy = { forbidden_paths: ['secrets/**'], allowed_paths: ['src/**', 'secrets/**'] };
    expect(checkResultPolicy([file('src/a.ts'), file('secrets/b.ts', { status: 'removed' }), file('README.md')], policy)).toEqual([
      { path: 'secrets/b.ts', message: 'matches the forbidden path "secrets/**" of the patch policy' },
      { path: 'README.md', message: 'outside the allowed paths of the patch policy' },
    ]);
  });

  it('refuses submodules, and symlinks that lead outside the repository or to a place the policy forbids', () => {
    const policy = { forbidden_paths: ['secrets/**'] };
    expect(
      checkResultPolicy(
        [
          file('vendor/lib', { mode: '160000' }),
          file('src/l1', { mode: '120000', linkTarget: '../../etc/passwd' }),
          file('src/l2', { mode: '120000', linkTarget: '../secrets/key.pem' }),
          file('src/l3', { mode: '120000', linkTarget: '../.github/workflows' }),
          file('src/l4', { mode: '120000', linkTarget: 'ok.ts' }),
        ],
        policy,
      ).map((f) => `${f.path}: ${f.message}`),
    ).toEqual([
      'vendor/lib: submodule (gitlink) changes are always forbidden',
      'src/l1: the symlink\'s target "../../etc/passwd" points outside the repository',
      'src/l2: the symlink\'s target "../secrets/key.pem": matches the forbidden path "secrets/**" of the patch policy',
      'src/l3: the symlink\'s target "../.github/workflows": workflow files (.github/workflows/) are always forbidden',
    ]);
  });
});

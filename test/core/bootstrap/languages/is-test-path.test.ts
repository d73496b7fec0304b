import { describe, expect, it } from 'vitest';
import { isTestPath } from '../../../../src/core/bootstrap/languages/index.js';

describe('isTestPath (the source-only rule)', () => {
  it.each([
    'tests/test_app.py',
    'test/unit/a.ts',
    'pkg/spec/models/user_spec.rb',
    'src/__tests__/App.tsx',
    'packages/x/__fixtures__/input.js',
    'internal/testdata/golden.json',
    'fixtures/repo/main.go',
    'api/user_test.go',
    'pkg/test_utils.py',
    'src/button.test.ts',
    'src/button.spec.tsx',
    'src/main/java/com/acme/UserServiceTest.java',
    'conftest.py',
    'e2e/login.ts',
  ])('%s is a test path', (path) => {
    expect(isTestPath(path)).toBe(true);
  });

  it.each([
    'src/app.py',
    'src/latest/index.ts',
    'contest.py',
    'lib/protest.rb',
    'docs/testing.md',
    'src/Test.java',
    'attestation/a.go',
  ])('%s is source', (path) => {
    expect(isTestPath(path)).toBe(false);
  });
});

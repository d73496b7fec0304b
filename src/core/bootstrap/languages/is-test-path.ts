/**
 * The source-only rule: whether a path belongs to tests or fixtures, which languages_source_only leaves
 * out (test fixtures must not decide the profile). A path is a test path when
 * - one of its directories is named test, tests, spec, specs, __tests__, __test__, __mocks__, __snapshots__,
 *   __fixtures__, fixture, fixtures, testdata, test_data, test-data, testing, e2e or cypress (any case); or
 * - its file name is a test by convention: *_test.<ext> and *_tests.<ext> (Go, Python, C, Rust...), test_*.py, *_spec.rb,
 *   *.test.<ext> and *.spec.<ext> (JavaScript/TypeScript), *Test.java / *Tests.java / *Test.kt / *Tests.cs
 *   and the like, conftest.py.
 */
const TEST_DIRECTORIES = new Set([
  'test',
  'tests',
  'spec',
  'specs',
  '__tests__',
  '__test__',
  '__mocks__',
  '__snapshots__',
  '__fixtures__',
  'fixture',
  'fixtures',
  'testdata',
  'test_data',
  'test-data',
  'testing',
  'e2e',
  'cypress',
]);

const TEST_FILE = new RegExp(
  [
    String.raw`^test_[^/]*\.py$`,
    String.raw`^conftest\.py$`,
    String.raw`_tests?\.[A-Za-z0-9]+$`,
    String.raw`_spec\.rb$`,
    String.raw`\.(?:test|spec)\.[A-Za-z0-9]+$`,
    String.raw`[a-z0-9](?:Test|Tests|Spec|IT)\.(?:java|kt|kts|scala|groovy|cs|fs|vb|swift|m|mm|php)$`,
  ].join('|'),
);

export function isTestPath(path: string): boolean {
  const parts = path.split('/');
  const file = parts.pop() ?? '';
  return parts.some((dir) => TEST_DIRECTORIES.has(dir.toLowerCase())) || TEST_FILE.test(file);
}

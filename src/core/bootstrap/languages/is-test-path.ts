/** A test directory anywhere in the path (any case). */
const TEST_DIRECTORY =
  /(?:^|\/)(?:tests?|specs?|__tests?__|__mocks__|__snapshots__|__fixtures__|fixtures?|testdata|test[_-]data|testing|e2e|cypress)\//i;

/** A file name that is a test by convention. */
const TEST_FILE = new RegExp(
  [
    String.raw`(?:^|/)(?:test_[^/]*\.py|conftest\.py`,
    String.raw`[^/]*(?:_tests?\.[A-Za-z0-9]+|_spec\.rb|\.(?:test|spec)\.[A-Za-z0-9]+`,
    String.raw`[a-z0-9](?:Test|Tests|Spec|IT)\.(?:java|kt|kts|scala|groovy|cs|fs|vb|swift|m|mm|php)))$`,
  ].join('|'),
);

/**
 * The source-only rule: whether a path belongs to tests or fixtures, which languages_source_only leaves
 * out (test fixtures must not decide the profile). A path is a test path when
 * - one of its directories is named test, tests, spec, specs, __tests__, __test__, __mocks__, __snapshots__,
 *   __fixtures__, fixture, fixtures, testdata, test_data, test-data, testing, e2e or cypress (any case); or
 * - its file name is a test by convention: *_test.<ext> and *_tests.<ext> (Go, Python, C, Rust...),
 *   test_*.py, conftest.py, *_spec.rb, *.test.<ext> and *.spec.<ext> (JavaScript/TypeScript), and
 *   *Test / *Tests / *Spec / *IT with a JVM, .NET, Swift, Objective-C or PHP extension.
 */
export function isTestPath(path: string): boolean {
  return TEST_DIRECTORY.test(path) || TEST_FILE.test(path);
}

import type { PatchPolicyConstraints } from '../contracts/index.js';

export type TestsRequired = NonNullable<PatchPolicyConstraints['tests_required']>;

/** The policy a patch is checked against: every scope resolved, defaults filled in. */
export interface EffectivePatchPolicy {
  readonly max_lines_changed?: number;
  readonly max_files_changed?: number;
  readonly max_line_length?: number;
  readonly forbidden_paths: readonly string[];
  /** Absent: anywhere not forbidden. Empty: nowhere (two scopes' allowed paths do not intersect). */
  readonly allowed_paths?: readonly string[];
  readonly tests_required: TestsRequired;
  readonly test_path_patterns: readonly string[];
  readonly test_command?: string;
  readonly ascii_only: boolean;
  readonly allow_binary: boolean;
  readonly allow_deletions: boolean;
  readonly max_file_bytes: number;
  readonly patch_only: boolean;
  readonly oscillation: { readonly enabled: boolean; readonly threshold: number; readonly window: 'run' | 'chain' };
}

/** The documented defaults of schema/patch_policy.v1.json, at global scope, for fields no policy sets. */
export const PATCH_POLICY_DEFAULTS: EffectivePatchPolicy = {
  forbidden_paths: [],
  tests_required: 'none',
  test_path_patterns: ['test/**', 'tests/**', '**/__tests__/**', '**/*.test.*', '**/*.spec.*', '**/test_*.py', '**/*_test.*'],
  ascii_only: false,
  allow_binary: false,
  allow_deletions: true,
  max_file_bytes: 1_048_576,
  patch_only: true,
  oscillation: { enabled: true, threshold: 2, window: 'run' },
};

/** The hard cap on any file a patch writes, whatever the policy: 100 MiB, GitHub's own limit. */
export const ALWAYS_MAX_FILE_BYTES = 100 * 1_048_576;

/** The order of tests_required: none < either < test_change, test_command < both. */
export const TESTS_RANK: Readonly<Record<TestsRequired, number>> = {
  none: 0,
  either: 1,
  test_change: 2,
  test_command: 2,
  both: 3,
};

/** The stricter of two tests_required values (test_change with test_command gives both). */
export function stricterTests(a: TestsRequired, b: TestsRequired): TestsRequired {
  if (a === b) return a;
  if (TESTS_RANK[a] === 2 && TESTS_RANK[b] === 2) return 'both';
  return TESTS_RANK[a] >= TESTS_RANK[b] ? a : b;
}

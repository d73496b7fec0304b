import type { Constraints, Step } from '../contracts/index.js';

export type PatchPolicyConstraints = NonNullable<Step['patch_policy']>;

/** Fields that mean the same in a constraints block and a patch policy (the patch policy schema keeps the names). */
const SAME = ['max_lines_changed', 'max_files_changed', 'max_line_length', 'forbidden_paths', 'allowed_paths', 'ascii_only', 'allow_binary', 'allow_deletions', 'patch_only'] as const;

/**
 * The patch policy that enforces a constraints block: the shared fields as they are, and tests_must_pass as
 * tests_required test_command (with `testCommand`, the phase's test gate, when there is one; otherwise each step's
 * validation command). require_approval and backwards_compatible have no mechanical check and are returned in
 * `notCarried`. Pure.
 */
export function constraintsToPolicy(c: Constraints, testCommand?: string): { policy: PatchPolicyConstraints; notCarried: string[] } {
  const policy: Record<string, unknown> = {};
  for (const key of SAME) if (c[key] !== undefined) policy[key] = c[key];
  if (c.tests_must_pass === true) {
    policy.tests_required = 'test_command';
    if (testCommand !== undefined) policy.test_command = testCommand;
  }
  const notCarried = (['require_approval', 'backwards_compatible'] as const).filter((k) => c[k] === true);
  return { policy: policy, notCarried };
}

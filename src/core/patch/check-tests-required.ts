import type { PatchViolation } from '../contracts/index.js';
import { filePath, touchedPaths, type FilePatch } from './diff-types.js';
import { firstMatch } from './match-paths.js';
import type { EffectivePatchPolicy } from './patch-policy.js';

/** The outcome of the test command, when the policy needed one and it ran. */
export interface TestCommandResult {
  readonly command: string;
  readonly passed: boolean;
  readonly detail?: string;
}

/** Whether the patch changes non-test files and so falls under tests_required. */
const codePaths = (files: readonly FilePatch[], patterns: readonly string[]) =>
  files.map(filePath).filter((p) => firstMatch(patterns, p) === undefined);
const hasTestChange = (files: readonly FilePatch[], patterns: readonly string[]) =>
  files.some((f) => touchedPaths(f).some((p) => firstMatch(patterns, p) !== undefined));

/** Whether checking this patch needs the test command to run (tests_required test_command, both, or either without a test change). */
export function needsTestCommand(files: readonly FilePatch[], policy: EffectivePatchPolicy): boolean {
  const t = policy.tests_required;
  if (t === 'none' || t === 'test_change' || !codePaths(files, policy.test_path_patterns).length) return false;
  return t !== 'either' || !hasTestChange(files, policy.test_path_patterns);
}

/**
 * tests_required: a patch that changes non-test files must bring a change to a file matching test_path_patterns
 * (test_change), a passing test command (test_command), one of the two (either) or both. A test command that did not
 * run counts as not passing.
 */
export function checkTestsRequired(files: readonly FilePatch[], policy: EffectivePatchPolicy, testCommand?: TestCommandResult): PatchViolation[] {
  const t = policy.tests_required;
  const code = codePaths(files, policy.test_path_patterns);
  if (t === 'none' || !code.length) return [];
  const changed = hasTestChange(files, policy.test_path_patterns);
  const ran = testCommand;
  const what = `changes ${code.length} non-test file${code.length > 1 ? 's' : ''} (${code.slice(0, 3).join(', ')}${code.length > 3 ? ', …' : ''})`;
  const commandProblem = !ran
    ? 'no test command ran (set test_command, or give the step a validation.test_command)'
    : ran.passed
      ? undefined
      : `the test command failed: ${ran.command}${ran.detail ? ` (${ran.detail})` : ''}`;
  const noChange = `no change to a file matching test_path_patterns`;
  const rule = (message: string): PatchViolation => ({ rule: 'tests_required', message: `tests_required ${t}: the patch ${what} but ${message}` });
  if (t === 'test_change') return changed ? [] : [rule(noChange)];
  if (t === 'test_command') return commandProblem ? [rule(commandProblem)] : [];
  if (t === 'either') return changed || !commandProblem ? [] : [rule(`${noChange}, and ${commandProblem}`)];
  return [...(changed ? [] : [rule(noChange)]), ...(commandProblem ? [rule(commandProblem)] : [])];
}


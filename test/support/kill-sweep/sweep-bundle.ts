import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The sweep's bundle: six shell steps in two chains (s2 after s0, s3 after s1, …), each writing a file, and a test
 * gate on the result, so that kills land in steps running side by side, in integrations of either kind (fast-forward
 * and 3-way), and in a gate's worktree. Written to a temp file; returns its path.
 */
export function writeSweepBundle(maxParallel: number): string {
  const steps = Array.from({ length: 6 }, (_, i) => `      - {step_id: s${i}, tool_profile_id: shell, ${i >= 2 ? `depends_on: [s${i - 2}], ` : ''}context: {command: "echo ${i} > f${i}.txt"}}`);
  const file = join(mkdtempSync(join(tmpdir(), 'uet-sweep-bundle-')), 'bundle.yaml');
  writeFileSync(
    file,
    `bundle_id: kill-sweep\nmax_parallel: ${maxParallel}\nworkstreams:\n  - ws_id: A\n    steps:\n${steps.join('\n')}\n    test_gates:\n      - {gate_id: files, type: GATE_TEST, command: "test -f f0.txt && test -f f5.txt"}\n`,
  );
  return file;
}

/** The steps of the sweep's bundle, and what each writes: the reference result, built without running UET. */
export const SWEEP_STEPS = Array.from({ length: 6 }, (_, i) => `s${i}`);
export const SWEEP_FILES: Readonly<Record<string, string>> = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}.txt`, `${i}\n`]));

import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../src/cli/main.js';

export interface UetResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const repoRoot = resolve(import.meta.dirname, '../..');

/** Runs `uet <args>` in-process through main(), capturing its output. */
export async function runUet(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<UetResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'uet', ...args], {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? {},
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  });
  return { code, stdout, stderr };
}

/**
 * Runs the real `node bin/uet.js <args>` (build lib/ first with scripts/build.mjs); `packageDir` names another
 * copy of the package to run it from.
 */
export async function runUetProcess(
  args: readonly string[],
  options: { cwd?: string; packageDir?: string } = {},
): Promise<UetResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [resolve(options.packageDir ?? repoRoot, 'bin/uet.js'), ...args],
      {
        cwd: options.cwd ?? repoRoot,
        env: { PATH: process.env.PATH ?? '' },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** The pinned versions scripts/install-real-clis.sh installs (keep the two in step). */
export const REAL_CLAUDE_VERSION = '2.1.328';
export const REAL_CODEX_VERSION = '0.169.0';

const cacheDir = () =>
  process.env.UET_REAL_CLIS_CACHE ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(process.env.HOME ?? homedir(), '.cache'), 'uet-ci', 'real-clis');

export type RealClis = { readonly bin: string; readonly skip?: undefined } | { readonly bin?: undefined; readonly skip: string };

/**
 * Where the real Claude Code and Codex CLIs are (the `bin` directory scripts/install-real-clis.sh fills), or why the
 * tests that need them are skipped: only when the script found no pinned native package for this platform. When
 * they are simply not installed yet, this throws with the command to run: a missing install is not a reason to
 * skip (`npm test` runs the script first, as `.ci/run` does).
 */
export function findRealClis(): RealClis {
  const dir = cacheDir();
  const bin = path.join(dir, `claude-code-${REAL_CLAUDE_VERSION}+codex-${REAL_CODEX_VERSION}`, 'bin');
  if (existsSync(path.join(bin, 'claude')) && existsSync(path.join(bin, 'codex'))) return { bin };
  const skip = path.join(dir, 'skip-reason.txt');
  if (existsSync(skip)) return { skip: readFileSync(skip, 'utf8').trim() };
  throw new Error(`the real CLIs are not installed in ${bin}: run \`bash scripts/install-real-clis.sh\` (npm test does)`);
}

/** findRealClis, printing the reason once when the tests are skipped. */
export function realClisOrSkip(): RealClis {
  const found = findRealClis();
  if (found.skip !== undefined) console.warn(`real-CLI tests skipped: ${found.skip}`);
  return found;
}

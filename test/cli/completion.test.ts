// Issue 18 item 10: `uet completion bash|zsh|fish` prints a script each shell loads and completes with: checked by
// running the shells themselves (bash always; zsh and fish where installed).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { runUet } from './run-uet.js';

afterAll(removeTempDirs);
const has = (shell: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${shell}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
};
const scripts: Record<string, string> = {};
let dir = '';

beforeAll(async () => {
  dir = await makeTempDir('uet-completion-');
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = await runUet(['completion', shell]);
    expect(r.code, r.stderr).toBe(0);
    scripts[shell] = join(dir, `uet.${shell}`);
    writeFileSync(scripts[shell], r.stdout);
  }
});

/** What bash's completion function offers for the words typed (the last is the one being completed). */
function bashComplete(...typed: string[]): string[] {
  const words = ['uet', ...typed].map((w) => `'${w}'`).join(' ');
  const out = execFileSync('bash', ['-c', `source '${scripts.bash}'; COMP_WORDS=(${words}); COMP_CWORD=${typed.length}; _uet; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

describe('uet completion', () => {
  it('bash: commands, their options, option values and subcommands', () => {
    expect(bashComplete('')).toEqual(expect.arrayContaining(['init', 'validate', 'plan', 'run', 'resume', 'status', 'clean', 'completion', 'ledger', 'bootstrap']));
    expect(bashComplete('cl')).toEqual(['clean']);
    expect(bashComplete('run', '--k')).toEqual(['--keep-worktrees', '--keep-step-branches']);
    expect(bashComplete('run', '--no-')).toEqual(['--no-progress']);
    expect(bashComplete('status', '--format', '')).toEqual(['text', 'mermaid']);
    expect(bashComplete('ledger', '')).toEqual(['list', 'show', 'rollback']);
    expect(bashComplete('ledger', 'show', '--')).toEqual(expect.arrayContaining(['--repo', '--help']));
    expect(bashComplete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(bashComplete('run', '--repo', '/')).toEqual(expect.arrayContaining(['/tmp']));
  });

  it.skipIf(!has('fish'))('fish: loads and completes commands and option values', () => {
    const complete = (line: string) =>
      execFileSync('fish', ['--no-config', '-c', `source '${scripts.fish}'; complete -C '${line}'`], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]);
    expect(complete('uet ')).toEqual(expect.arrayContaining(['init', 'run', 'clean', 'completion']));
    expect(complete('uet run --keep-s')).toEqual(['--keep-step-branches']);
    expect(complete('uet status --format ')).toEqual(['mermaid', 'text']);
    expect(complete('uet ledger ')).toEqual(expect.arrayContaining(['list', 'show', 'rollback']));
  });

  it.skipIf(!has('zsh'))('zsh: the script parses and registers _uet for uet with compinit', () => {
    execFileSync('zsh', ['-n', scripts.zsh!]);
    const out = execFileSync('zsh', ['-f', '-c', `autoload -U compinit && compinit -u -D && source '${scripts.zsh}' && print -r -- $_comps[uet] && whence -w _uet_run`], { encoding: 'utf8' });
    expect(out.trim().split('\n')).toEqual(['_uet', '_uet_run: function']);
  });

  it('an unknown shell is a usage error listing the shells', async () => {
    const r = await runUet(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("uet: command-argument value 'powershell' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.\n(add --help for usage)\n");
  });
});

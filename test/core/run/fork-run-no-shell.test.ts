import { describe, expect, it } from 'vitest';
import { buildClaudeArgv } from '../../../src/adapters/tools/claude-argv.js';
import { buildCodexArgv } from '../../../src/adapters/tools/codex-argv.js';
import { buildAttemptPrompt, buildRunCreated, fold } from '../../../src/core/run/index.js';

const RUN = '01JQ8A00000000000000000000';
const stateOf = (fork: boolean) =>
  fold([
    buildRunCreated(
      RUN,
      {
        bundle: { bundle_id: 'b', workstreams: [{ ws_id: 'w', steps: [{ step_id: 'ai', tool_profile_id: 'claude', context: { instruction: 'Run the tests and fix them' } }] }] },
        // The default branch's bundle asks for shell commands (patch_only false): fine for the repository's own code.
        options: { constraints: { patch_only: false }, ...(fork ? { fork: true, run_branch: `refs/uet/fork-runs/${RUN}` } : {}) },
        origin: { kind: 'cli' },
      },
      '2026-01-01T00:00:00.000Z',
      '01JEV00000000000000000000A',
    ),
  ]);

const promptOf = (fork: boolean, tool: string) => {
  const state = stateOf(fork);
  return buildAttemptPrompt(state, state.plan.nodes.get('ai')!, 1, tool, '01JEV00000000000000000000P', '2026-01-01T00:00:00.000Z');
};

describe("attack: a fork run's AI tool cannot run the fork's code in the job that holds its key", () => {
  it('control: in a run of the repository\'s own code, patch_only false gives Claude Bash and Codex its shell', () => {
    const p = promptOf(false, 'claude');
    expect(p.allowShell).toBe(true);
    expect(buildClaudeArgv({ prompt: p }).join(' ')).toMatch(/Bash/);
    expect(buildCodexArgv('/tmp/last', { allowShell: promptOf(false, 'codex').allowShell })).not.toContain('shell_tool');
  });

  it('in a fork run the same bundle gives neither a shell, from the one prompt source the engine and the tool job both render', () => {
    const p = promptOf(true, 'claude');
    expect(p.allowShell).toBe(false);
    expect(buildClaudeArgv({ prompt: p }).join(' ')).not.toMatch(/Bash/);
    const codex = buildCodexArgv('/tmp/last', { allowShell: promptOf(true, 'codex').allowShell });
    expect(codex.join(' ')).toContain('--disable shell_tool --disable unified_exec');
    expect(promptOf(true, 'claude').instance.prompt_hash).toBe(p.instance.prompt_hash); // deterministic: one source
  });
});

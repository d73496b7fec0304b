import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildToolEnv, buildToolProcessEnv, claudeAdapter, codexAdapter } from '../../src/adapters/tools/index.js';
import { fakeToolInput } from '../adapters/tools/fake-tool-input.js';
import { makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { offeredTools, toolsThenReply } from '../support/model-stand-in/index.js';
import { useModelStandIns } from '../support/model-stand-in/use-model-stand-ins.js';
import { realClisOrSkip } from '../support/real-clis.js';

const clis = realClisOrSkip();
const standIn = useModelStandIns();
afterAll(removeTempDirs);

/** The step's input with shell commands allowed (patch_only: false), the real CLI on PATH and `vars` as UET's env. */
async function shellStep(adapter: typeof claudeAdapter, vars: Record<string, string>) {
  const base = await fakeToolInput(adapter, { allowShell: true });
  const home = await makeTempDir('uet-shell-home-');
  const clean = buildToolEnv({ PATH: `${clis.bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: home }, { runId: 'r1', attempt: 1, stepId: 's1', worktree: base.worktree });
  return { base, input: { ...base.input, timeoutMs: 90_000, env: buildToolProcessEnv(clean, vars, adapter.envPassThrough) } };
}

describe.skipIf(clis.bin === undefined)('when the policy allows shell commands (patch_only: false), the real tools can run them', { timeout: 120_000 }, () => {
  it('claude is offered Bash and runs it in the worktree (--restricted keeps it because --tools names it)', async () => {
    const s = await standIn(toolsThenReply(() => [{ name: 'Bash', input: { command: 'echo ran > ran.txt', description: 'write a file' } }]));
    const { base, input } = await shellStep(claudeAdapter, { ANTHROPIC_API_KEY: 'sk-ant-standin-0123456789', ANTHROPIC_BASE_URL: s.url });
    const r = await claudeAdapter.run(input);
    expect(r.errorClass, r.message).toBeUndefined();
    expect(offeredTools(s.modelRequests()[0]!)).toContain('Bash');
    expect(existsSync(path.join(base.worktree, 'ran.txt'))).toBe(true);
  });

  it('codex keeps its command tool and runs it in the sandbox of the worktree', async () => {
    const s = await standIn(
      toolsThenReply(() => [{ name: 'exec', kind: 'custom', input: 'const r = await tools.exec_command({ cmd: "echo ran > ran.txt" }); text(JSON.stringify(r));' }]),
    );
    const { base, input } = await shellStep(codexAdapter, { OPENAI_API_KEY: 'sk-openai-standin-0123456789', OPENAI_BASE_URL: s.openaiBaseUrl });
    const r = await codexAdapter.run(input);
    expect(r.errorClass, `${r.message}\n${r.outputTail}`).toBeUndefined();
    expect(JSON.stringify(s.modelRequests()[0]!.body)).toContain('declare const tools: { exec_command(');
    expect(existsSync(path.join(base.worktree, 'ran.txt'))).toBe(true);
  });
});

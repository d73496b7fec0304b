import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { missingPrompt } from './missing-prompt.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildAiderArgv, type AiderHistory } from './aider-argv.js';
import type { CliAdapterOptions } from './claude-adapter.js';
import { parseAiderOutput } from './parse-aider-output.js';
import { processFailure } from './process-failure.js';
import { runCliTool } from './run-cli-tool.js';
import type { ToolAdapter, ToolInput, ToolResult } from './tool-adapter.js';
import { AIDER_ENV } from './tool-env-names.js';
import { AIDER_REPO_CONFIG, withRepoConfigHidden } from './hide-repo-config.js';

export { AIDER_ENV } from './tool-env-names.js';

/** aider's files for an attempt, beside the step log: its histories, and an empty config file (see buildAiderArgv). */
async function attemptFiles(input: ToolInput): Promise<AiderHistory & { dir: string }> {
  const dir =
    input.logPath !== undefined
      ? path.dirname(input.logPath)
      : await mkdtemp(path.join(tmpdir(), 'uet-aider-'));
  await mkdir(dir, { recursive: true });
  const stem = input.logPath !== undefined ? path.basename(input.logPath).replace(/\.log$/, '') : 'aider';
  const configFile = input.env.UET_AIDER_CONFIG || path.join(dir, `${stem}.aider-config.yml`);
  if (!input.env.UET_AIDER_CONFIG) await writeFile(configFile, '# uet: aider reads no .aider.conf.yml but this one\n');
  return {
    dir,
    chatHistoryFile: path.join(dir, `${stem}.aider-chat.md`),
    inputHistoryFile: path.join(dir, `${stem}.aider-input`),
    configFile,
  };
}

const aiderState = async (dir: string) =>
  new Set((await readdir(dir).catch(() => [])).filter((f) => f.startsWith('.aider')));

/**
 * aider (0.86 or later; see buildAiderArgv): one message, the files in scope as arguments, cost and tokens from
 * its cost lines. The checkout does not configure it: `--config` names UET's empty file (or the runner's own,
 * UET_AIDER_CONFIG), and the checkout's `.aider.conf.yml`, `.env` and model settings, which aider reads from the git
 * root whatever its flags say, are moved out of the worktree while it runs. aider's own state files
 * (.aider.tags.cache.*) that appear in the worktree root are removed afterwards so that they never reach the commit.
 */
export function createAiderAdapter(options: CliAdapterOptions = {}): ToolAdapter {
  const binary = options.binary ?? 'aider';
  const id = options.id ?? 'aider';
  return {
    id,
    binary,
    minVersion: options.minVersion ?? '0.86.0',
    envPassThrough: AIDER_ENV,
    async run(input: ToolInput): Promise<ToolResult> {
      if (!input.prompt) return missingPrompt(id);
      const before = await aiderState(input.worktree);
      const files = await attemptFiles(input);
      const { UET_AIDER_CONFIG: _config, ...env } = input.env;
      const call = {
        toolId: id,
        binary,
        args: buildAiderArgv(input, files, options),
        installHint:
          'install aider 0.86 or later (python -m pip install aider-install && aider-install) or fix PATH',
      };
      const r = await withRepoConfigHidden(input.worktree, AIDER_REPO_CONFIG, files.dir, () => runCliTool({ ...input, env }, call));
      for (const f of await aiderState(input.worktree))
        if (!before.has(f)) await rm(path.join(input.worktree, f), { recursive: true, force: true });
      const early = processFailure(r, call, input.timeoutMs);
      if (early) return early;
      const parsed = parseAiderOutput(r.stdout, r.outputTail);
      const base = {
        exitCode: r.exitCode,
        outputTail: r.outputTail,
        durationMs: r.durationMs,
        ...(parsed.costUsd !== undefined ? { costUsd: parsed.costUsd } : {}),
        ...(parsed.tokens ? { tokens: parsed.tokens } : {}),
      };
      if (parsed.errorClass)
        return { ...base, errorClass: parsed.errorClass, message: parsed.message ?? 'aider failed' };
      if (r.exitCode !== 0)
        return { ...base, errorClass: 'permanent', message: `aider exited with ${r.exitCode}` };
      return base;
    },
  };
}

export const aiderAdapter = createAiderAdapter();

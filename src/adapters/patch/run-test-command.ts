import type { TestCommandResult } from '../../core/patch/index.js';
import type { KnownSecret } from '../../core/secrets/index.js';
import { runProcess } from '../tools/run-process.js';

export interface TestCommandSpec {
  readonly command: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly logPath?: string;
  /** Secrets to redact from its log (the credentials UET holds). */
  readonly redact?: readonly KnownSecret[];
}

/** Runs the policy's test command (tests_required) in the patched worktree; exit 0 passes. */
export async function runTestCommand(s: TestCommandSpec): Promise<TestCommandResult> {
  const r = await runProcess({
    command: s.command,
    cwd: s.cwd,
    env: s.env,
    timeoutMs: s.timeoutMs,
    signal: s.signal,
    ...(s.logPath !== undefined ? { logPath: s.logPath } : {}),
    ...(s.redact?.length ? { redact: s.redact } : {}),
    logHeader: `--- uet: patch policy test command\n$ ${s.command}\n`,
  });
  const passed = !r.timedOut && !r.canceled && r.exitCode === 0;
  const detail = r.timedOut ? `timed out after ${s.timeoutMs} ms` : r.canceled ? 'canceled' : `exit ${r.exitCode}`;
  return { command: s.command, passed, ...(passed ? {} : { detail }) };
}

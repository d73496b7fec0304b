import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { performance } from 'node:perf_hooks';
import { timeout, TimeoutStrategy } from 'cockatiel';
import type { ProcessEnd } from './classify-exit.js';
import type { KnownSecret } from '../../core/secrets/index.js';
import { createOutputSink, type OutputSink } from './output-sink.js';

export interface RunProcessSpec {
  /** Passed to `bash -c` as one argument: never interpolated by UET. Ignored when `file` is given. */
  readonly command?: string;
  /** An executable to run directly (no shell), looked up on the env's PATH, with `args` as its argv. */
  readonly file?: string;
  readonly args?: readonly string[];
  /** Written to the process's stdin, which is then closed; without it stdin is /dev/null. */
  readonly input?: string;
  /** Keep the first this many bytes of stdout apart (ProcessResult.stdout), for tools that answer in JSON. */
  readonly captureStdoutBytes?: number;
  /** Keep the first this many bytes of stderr apart (ProcessResult.stderr), for tools that log errors there. */
  readonly captureStderrBytes?: number;
  /** Secrets replaced by `[redacted NAME]` in the log and the tail (see createOutputSink). */
  readonly redact?: readonly (string | KnownSecret)[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** <= 0 or non-finite: no timeout. */
  readonly timeoutMs: number;
  /** Cancellation of the whole run. */
  readonly signal?: AbortSignal;
  readonly logPath?: string;
  readonly logHeader?: string;
  /** Between SIGTERM and SIGKILL to the process group. Default 2000 ms. */
  readonly killGraceMs?: number;
  readonly tailBytes?: number;
  readonly maxLogBytes?: number;
}

export interface ProcessResult extends ProcessEnd {
  /** The signal that ended bash, if any (exitCode is then 128 + its number). */
  readonly signal: NodeJS.Signals | null;
  readonly outputTail: string;
  readonly durationMs: number;
  /** stdout alone, up to captureStdoutBytes (empty unless asked for). */
  readonly stdout: string;
  /** stderr alone, up to captureStderrBytes (empty unless asked for). */
  readonly stderr: string;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const normalizeTimeout = (ms: number) =>
  Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_TIMER_MS) : MAX_TIMER_MS;

interface Exit {
  code: number;
  signal: NodeJS.Signals | null;
  spawnError?: string;
}

/**
 * Spawns `bash -c command` in its own process group and waits for it. When `stop` aborts (timeout or cancel), the
 * group gets SIGTERM, then SIGKILL after the grace period. Processes the command leaves behind in its group are
 * terminated the same way once bash exits, so that a step never outlives its attempt.
 */
function spawnAndWait(
  spec: RunProcessSpec,
  stop: AbortSignal,
  sink: OutputSink,
  onStop: () => void,
  onStdout?: (chunk: Buffer) => void,
  onStderr?: (chunk: Buffer) => void,
): Promise<Exit> {
  const grace = spec.killGraceMs ?? 2000;
  return new Promise((resolve) => {
    const timers: NodeJS.Timeout[] = [];
    let exit: Exit | undefined;
    let settled = false;
    const [file, args] =
      spec.file !== undefined ? [spec.file, spec.args ?? []] : ['bash', ['-c', spec.command ?? '']];
    const child = spawn(file, args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: [spec.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    if (spec.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined); // EPIPE: the tool exited without reading its input
      child.stdin.end(spec.input);
    }
    const killGroup = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
        // ESRCH: the group is gone already
      }
    };
    const finish = (e: Exit) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      stop.removeEventListener('abort', onAbort);
      resolve(e);
    };
    function onAbort() {
      if (exit) return;
      onStop();
      killGroup('SIGTERM');
      timers.push(setTimeout(() => killGroup('SIGKILL'), grace));
    }
    stop.addEventListener('abort', onAbort, { once: true });
    if (stop.aborted) onAbort();
    const stdout = child.stdout!; // both are pipes (stdio below)
    const stderr = child.stderr!;
    stdout.on('data', (c: Buffer) => {
      sink.write(c);
      onStdout?.(c);
    });
    stderr.on('data', (c: Buffer) => {
      sink.write(c);
      onStderr?.(c);
    });
    child.on('error', (err) => finish({ code: 127, signal: null, spawnError: err.message }));
    child.on('exit', (code, signal) => {
      exit = { code: code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0), signal };
      killGroup('SIGTERM');
      const done = exit;
      timers.push(
        setTimeout(() => {
          killGroup('SIGKILL');
          stdout.destroy();
          stderr.destroy();
          finish(done);
        }, grace),
      );
    });
    child.on('close', () =>
      finish(exit ?? { code: 127, signal: null, spawnError: 'process closed without exiting' }),
    );
  });
}

/** Keeps the first `limit` bytes of a stream. */
function createCapture(limit: number) {
  const chunks: Buffer[] = [];
  let bytes = 0;
  return {
    add: (c: Buffer) => {
      const room = limit - bytes;
      if (room <= 0) return;
      chunks.push(c.subarray(0, room));
      bytes += Math.min(room, c.length);
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

/**
 * Runs one process (a shell command, or an executable with its argv and no shell) with timeout, cancellation, a
 * capped log and an output tail. Never rejects for exit codes; a missing executable is a spawnError.
 */
export async function runProcess(spec: RunProcessSpec): Promise<ProcessResult> {
  const started = performance.now();
  const sink = await createOutputSink({
    ...(spec.logPath !== undefined ? { logPath: spec.logPath } : {}),
    ...(spec.logHeader !== undefined ? { header: spec.logHeader } : {}),
    ...(spec.tailBytes !== undefined ? { tailBytes: spec.tailBytes } : {}),
    ...(spec.maxLogBytes !== undefined ? { maxLogBytes: spec.maxLogBytes } : {}),
    ...(spec.redact?.length ? { redact: spec.redact } : {}),
  });
  const stdoutCapture = createCapture(spec.captureStdoutBytes ?? 0);
  const stderrCapture = createCapture(spec.captureStderrBytes ?? 0);
  let timedOut = false;
  let canceled = spec.signal?.aborted ?? false;
  let exit: Exit = { code: 130, signal: null };
  try {
    if (!canceled) {
      const policy = timeout(normalizeTimeout(spec.timeoutMs), TimeoutStrategy.Cooperative);
      exit = await policy.execute(
        (_ctx, stop) =>
          spawnAndWait(
            spec,
            stop,
            sink,
            () => {
              if (spec.signal?.aborted) canceled = true;
              else timedOut = true;
            },
            stdoutCapture.add,
            stderrCapture.add,
          ),
        spec.signal,
      );
    }
  } finally {
    await sink.close();
  }
  return {
    exitCode: exit.code,
    signal: exit.signal,
    timedOut,
    canceled,
    ...(exit.spawnError !== undefined ? { spawnError: exit.spawnError } : {}),
    outputTail: sink.tail(),
    durationMs: Math.round(performance.now() - started),
    stdout: stdoutCapture.text(),
    stderr: stderrCapture.text(),
  };
}

import type { ExitCode } from './exit-codes.js';

/** The process seams of the CLI, injected so that tests run commands in-process. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (live progress) or a pipe or file (plain log lines). */
  readonly isTTY?: boolean;
  /** Writes text as is (callers add the newline). */
  stdout(text: string): void;
  stderr(text: string): void;
}

/** What a command gets: the I/O seams and a way to report its outcome as an exit code. */
export interface CommandContext {
  readonly io: CliIo;
  setExitCode(code: ExitCode): void;
}

/** A writer that goes quiet once its stream fails (EPIPE from `uet ... | head`), instead of crashing. */
function quietWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let broken = false;
  stream.on('error', () => void (broken = true));
  return (text) => {
    if (!broken) stream.write(text);
  };
}

export function createProcessIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY,
    stdout: quietWriter(process.stdout),
    stderr: quietWriter(process.stderr),
  };
}

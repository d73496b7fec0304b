import { UetError } from '../../core/errors.js';

/** A git command that failed (or could not start). Carries the arguments, exit code and stderr. */
export class GitError extends UetError {
  readonly code = 'git';
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    const detail = stderr.trim().split('\n').slice(-5).join('\n');
    super(
      `git ${args.join(' ')} failed${exitCode === null ? '' : ` (exit ${exitCode})`}${detail ? `: ${detail}` : ''}`,
      options,
    );
    this.name = 'GitError';
  }
}

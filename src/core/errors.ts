/**
 * The error family of UET. Each has a stable `code`. Entry points map them to outcomes
 * (exit codes, setFailed, PR comments); the core never prints.
 */
export abstract class UetError extends Error {
  abstract readonly code: string;
}

/** One problem in a document, located by JSON pointer. */
export interface DocumentIssue {
  /** JSON pointer into the document, '' for the root. */
  pointer: string;
  message: string;
}

/** A document that does not satisfy its contract. */
export class ContractError extends UetError {
  readonly code = 'contract_invalid';
  constructor(
    readonly file: string,
    readonly issues: readonly DocumentIssue[],
  ) {
    super(issues.map((i) => `${file}: ${i.pointer || '/'}: ${i.message}`).join('\n'));
    this.name = 'ContractError';
  }
}

/** A dependency cycle, with its path such as ['a', 'b', 'c', 'a']. */
export class CycleError extends UetError {
  readonly code = 'dependency_cycle';
  constructor(readonly cycle: readonly string[]) {
    super(`dependency cycle: ${cycle.join(' -> ')}`);
    this.name = 'CycleError';
  }
}

/** Bad input from the user (CLI flags, paths, run ids). Maps to exit code 2. */
export class UsageError extends UetError {
  readonly code = 'usage';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** An input file that could not be read or parsed. Maps to exit code 2. */
export class InputError extends UetError {
  readonly code = 'input';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
    this.name = 'InputError';
  }
}

/** A broken invariant inside UET itself (an illegal state transition, say). Never a user mistake. */
export class InvariantError extends UetError {
  readonly code = 'invariant';
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}

import { UsageError } from '../../core/errors.js';
import { checkStepEnv, type RefusedEnvName } from '../../core/bundle/check-step-env.js';

export { checkStepEnv, type RefusedEnvName } from '../../core/bundle/check-step-env.js';

/** A step whose `context.env` names a refused variable: bad input, reported before any process starts. */
export class StepEnvError extends UsageError {
  constructor(readonly refused: readonly RefusedEnvName[]) {
    super(
      `context.env may not set ${refused.map((r) => `${r.name} (${r.reason})`).join(', ')}: a step's variables reach the AI tool, which holds an API key (docs/tools.md#environment)`,
    );
  }
}

/** Throws StepEnvError when the step's `context.env` names a refused variable. */
export function assertStepEnv(env: Readonly<Record<string, string>> | undefined): void {
  const refused = checkStepEnv(env);
  if (refused.length) throw new StepEnvError(refused);
}

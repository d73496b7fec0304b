import type { WorkstreamBundle } from '../../core/contracts/index.js';
import { ContractError, UsageError } from '../../core/errors.js';
import type { Plan } from '../../core/bundle/index.js';
import { checkRunTools, describeUnusableSteps, findUnknownTools, namedToolsOfBundle, type RunToolCheck } from '../../core/run/index.js';
import type { ToolSetup } from './read-tool-setup.js';

/**
 * The checks `uet plan` and `uet run` make before anything is created (core's decisions, applied to this machine's
 * tools): a step naming a tool no adapter is known for is bad input (ContractError, exit 2); the steps whose route
 * ends on a tool that cannot run here are returned (see describeUnusableSteps).
 */
export function checkBundleTools(path: string, bundle: WorkstreamBundle, plan: Plan, tooling: ToolSetup | undefined): RunToolCheck {
  const routing = tooling?.options.routing;
  const unknown = findUnknownTools(namedToolsOfBundle(bundle), routing?.router_config, routing?.source ?? 'built-in');
  if (unknown.length) throw new ContractError(path, unknown);
  return checkRunTools(plan, routing, tooling?.reasons ?? {});
}

/** For `uet run`: refuses (exit 2) when a step has no usable tool, unless --allow-unavailable. */
export function assertRunnable(check: RunToolCheck, allowUnavailable: boolean): void {
  if (check.unusable.length && !allowUnavailable) throw new UsageError(`cannot start: ${describeUnusableSteps(check)}`);
}

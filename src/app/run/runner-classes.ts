import type { WorkstreamBundle } from '../../core/contracts/index.js';
import { resolveRunnerClasses, type RunnerClass } from '../../core/run/index.js';
import type { AppConfig } from '../config/app-config.js';

/**
 * The runner classes a new run records, from `.github/uet.yml` runners (ADR 0026), or the problems that refuse it:
 * each runs_on of the bundle that the configuration does not map, with its JSON pointer.
 */
export function runnerClassesFor(
  bundle: WorkstreamBundle,
  runners: AppConfig['runners'] | undefined,
): { ok: true; runners: Record<string, RunnerClass> } | { ok: false; problems: string[] } {
  const r = resolveRunnerClasses(bundle, runners ?? {});
  return r.ok ? r : { ok: false, problems: r.issues.map((i) => `${i.pointer}: ${i.message}`) };
}

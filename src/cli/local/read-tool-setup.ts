import { isGitRepo, showToplevel } from '../../adapters/git/repo-queries.js';
import { readRunRouting } from '../../adapters/tools/read-run-routing.js';
import type { RunOptions } from '../../core/run/index.js';
import type { CliIo } from '../cli-context.js';

export interface ToolSetup {
  /** What run_created records: the routing inputs and the project's constraints. */
  readonly options: Pick<RunOptions, 'routing' | 'constraints'>;
  /** One line for the user: the router config in force and the tools found. */
  readonly note: string;
}

/**
 * Reads the routing inputs of a new run in `repoDir` (readRunRouting), or undefined when it is not a git
 * repository yet (prepareLocalRun then says so). Throws ContractError for an invalid router_config.
 */
export async function readToolSetup(io: CliIo, repoDir: string): Promise<ToolSetup | undefined> {
  if (!(await isGitRepo(repoDir))) return undefined;
  const setup = await readRunRouting(await showToplevel(repoDir), io.env);
  const missing = setup.probes
    .filter((p) => !p.available)
    .map((p) => `${p.tool_id} (${p.reason ?? 'unavailable'})`);
  return {
    options: { routing: setup.routing, ...(setup.constraints ? { constraints: setup.constraints } : {}) },
    note: `routing: ${setup.routing.source} router_config; tools available: ${setup.routing.available_tools.join(', ')}${missing.length ? `; unavailable: ${missing.join(', ')}` : ''}\n`,
  };
}

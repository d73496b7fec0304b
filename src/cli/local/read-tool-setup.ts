import { readFileAt } from '../../adapters/git/read-file-at.js';
import { classifyRepoDir } from '../../adapters/git/repo-problem.js';
import { UsageError } from '../../core/errors.js';
import { isGitRepo, showToplevel } from '../../adapters/git/repo-queries.js';
import { findRunInstructions } from '../../core/review/index.js';
import { readRouterConfig, readRunRouting } from '../../adapters/tools/read-run-routing.js';
import type { RouterConfig } from '../../core/contracts/index.js';
import type { RunOptions } from '../../core/run/index.js';
import type { CliIo } from '../cli-context.js';

export interface ToolSetup {
  /** What run_created records: the routing inputs, the project's constraints and its instruction file. */
  readonly options: Pick<RunOptions, 'routing' | 'constraints' | 'instructions'>;
  /** Why each unavailable tool is unavailable, by tool id. */
  readonly reasons: Readonly<Record<string, string>>;
  /** One line for the user: the router config in force and the tools found. */
  readonly note: string;
}

/**
 * Reads the routing inputs of a new run in `repoDir` (readRunRouting), or undefined when it is not a git
 * repository yet (the run's own checks then say so). The first look at `repoDir`: a directory git cannot use (missing,
 * a file, owned by another user, bare, no git) is a UsageError in the words every command uses (findRepoProblem),
 * before any other git command fails in its own words. Throws ContractError for an invalid router_config.
 */
export async function readToolSetup(io: CliIo, repoDir: string): Promise<ToolSetup | undefined> {
  const problem = await classifyRepoDir(repoDir);
  if (problem?.kind === 'not_repository') return undefined;
  if (problem !== undefined) throw new UsageError(problem.message);
  const root = await showToplevel(repoDir);
  const setup = await readRunRouting(root, io.env);
  // The agent instructions of the commit the run branch starts from (HEAD), for every prompt (AGENTS.md…).
  const instructions = await findRunInstructions((path) => readFileAt(root, 'HEAD', path)).catch(() => undefined);
  const unavailable = setup.probes.filter((p) => !p.available);
  const missing = unavailable.map((p) => `${p.tool_id} (${p.reason ?? 'unavailable'})`);
  return {
    options: {
      routing: setup.routing,
      ...(setup.constraints ? { constraints: setup.constraints } : {}),
      ...(instructions ? { instructions } : {}),
    },
    reasons: Object.fromEntries(unavailable.map((p) => [p.tool_id, p.reason ?? 'unavailable'])),
    note: `routing: ${setup.routing.source} router_config; tools available: ${setup.routing.available_tools.join(', ')}${missing.length ? `; unavailable: ${missing.join(', ')}` : ''}\n`,
  };
}

/**
 * The router configuration whose tools a document may name, without probing any tool: the one of the git repository
 * at `repoDir`, else the built-in default (for `uet validate`).
 */
export async function readRepoRouter(repoDir: string): Promise<{ config: RouterConfig | undefined; source: string }> {
  if (!(await isGitRepo(repoDir))) return { config: undefined, source: 'built-in' };
  const { config, source } = await readRouterConfig(await showToplevel(repoDir));
  return { config, source };
}

import { access } from 'node:fs/promises';
import path from 'node:path';
import { validateDocument, type Constraints, type RouterConfig } from '../../core/contracts/index.js';
import { ContractError } from '../../core/errors.js';
import { BUILT_IN_ROUTER_CONFIG } from '../../core/router/index.js';
import type { RunRouting } from '../../core/run/index.js';
import { readSourceDocument } from '../read-document.js';
import { createToolRegistry } from './create-tool-registry.js';
import { probeTools, type ToolProbe } from './probe-tools.js';

export const ROUTER_CONFIG_PATH = '.uet/router_config.json';
const PROJECT_PROFILES = [
  '.uet/PROJECT_PROFILE.yaml',
  '.uet/PROJECT_PROFILE.yml',
  '.uet/PROJECT_PROFILE.json',
];

export interface RunToolSetup {
  readonly routing: RunRouting;
  /** The project's constraints (.uet/PROJECT_PROFILE), when it has any. */
  readonly constraints?: Constraints;
  readonly probes: readonly ToolProbe[];
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

async function readContract<N extends 'router_config' | 'project_profile'>(
  name: N,
  file: string,
  repoRoot: string,
) {
  const doc = await readSourceDocument(file, { cwd: repoRoot });
  const checked = validateDocument(name, doc.value);
  if (!checked.ok)
    throw new ContractError(
      file,
      checked.issues.map((i) => ({
        ...i,
        message: `${i.message}${doc.lineOf(i.pointer) !== undefined ? ` (line ${doc.lineOf(i.pointer)})` : ''}`,
      })),
    );
  return checked.value;
}

/**
 * What a new run records about its tools (docs/routing.md): the router configuration (the project profile's
 * framework_paths.router_config, else `.uet/router_config.json`, else the built-in default), the project's domain
 * and constraints from `.uet/PROJECT_PROFILE.yaml` if present, and which tools are usable now. An invalid
 * router_config or project profile is bad input (ContractError), reported before the run is created.
 */
export async function readRunRouting(
  repoRoot: string,
  parentEnv: Readonly<Record<string, string | undefined>>,
): Promise<RunToolSetup> {
  const { config, source, profile } = await readRouterConfig(repoRoot);
  const probes = await probeTools(createToolRegistry(config, repoRoot), config, parentEnv, repoRoot);
  return {
    routing: {
      router_config: config,
      source,
      available_tools: ['shell', ...probes.filter((p) => p.available).map((p) => p.tool_id)],
      ...(profile?.domain !== undefined ? { domain: profile.domain } : {}),
    },
    ...(profile?.constraints ? { constraints: profile.constraints } : {}),
    probes,
  };
}

/**
 * The router configuration of a repository, without probing any tool: the project profile's
 * framework_paths.router_config, else `.uet/router_config.json`, else the built-in default (source `built-in`).
 * An invalid router_config or project profile is a ContractError.
 */
export async function readRouterConfig(repoRoot: string) {
  let profile: Awaited<ReturnType<typeof readContract<'project_profile'>>> | undefined;
  for (const rel of PROJECT_PROFILES) {
    const file = path.join(repoRoot, rel);
    if (await exists(file)) {
      profile = await readContract('project_profile', file, repoRoot);
      break;
    }
  }
  const rel = profile?.framework_paths?.router_config ?? ROUTER_CONFIG_PATH;
  const file = path.join(repoRoot, rel);
  const config: RouterConfig = (await exists(file))
    ? await readContract('router_config', file, repoRoot)
    : BUILT_IN_ROUTER_CONFIG;
  const source = config === BUILT_IN_ROUTER_CONFIG ? 'built-in' : rel;
  return { config, source, profile };
}

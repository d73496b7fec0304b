import type { RouterConfig } from '../../core/contracts/index.js';
import { DEFAULT_AI_TOOLS, toolEntry } from '../../core/router/index.js';
import { buildToolEnv } from './build-tool-env.js';
import { runProcess } from './run-process.js';
import type { ToolAdapter } from './tool-adapter.js';

export interface ToolProbe {
  readonly tool_id: string;
  readonly available: boolean;
  readonly version?: string;
  /** Why it is unavailable, or a note about it. */
  readonly reason?: string;
}

/** Compares dotted versions numerically: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++)
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Every tool a router_config can route to, plus the built-in AI tools. */
export function referencedTools(config: RouterConfig): string[] {
  const ids = [
    ...DEFAULT_AI_TOOLS,
    ...Object.keys(config.tools ?? {}),
    ...Object.keys(config.custom_adapters ?? {}),
    ...(config.rules ?? []).flatMap((r) => r.tools),
    ...(config.routes ?? []).flatMap((r) => r.tools),
    ...(config.defaults ? [config.defaults.tool_id, ...(config.defaults.fallbacks ?? [])] : []),
  ];
  return [...new Set(ids)].filter((t) => t !== 'shell');
}

async function probeOne(
  id: string,
  adapter: ToolAdapter | undefined,
  config: RouterConfig,
  parentEnv: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<ToolProbe> {
  if (!adapter)
    return {
      tool_id: id,
      available: false,
      reason: 'no adapter of that name (not built in, not in custom_adapters)',
    };
  const custom = (adapter as { load?: () => Promise<{ ok: boolean; message?: string }> }).load;
  if (custom) {
    const loaded = await custom();
    return loaded.ok
      ? { tool_id: id, available: true }
      : { tool_id: id, available: false, reason: loaded.message ?? 'failed to load' };
  }
  if (!adapter.binary || adapter.binary === 'bash') return { tool_id: id, available: true };
  const r = await runProcess({
    file: adapter.binary,
    args: ['--version'],
    cwd,
    env: buildToolEnv(parentEnv, { runId: 'probe', worktree: cwd }),
    timeoutMs: 15_000,
    captureStdoutBytes: 4096,
  });
  if (r.spawnError !== undefined || r.exitCode === 127)
    return { tool_id: id, available: false, reason: `${adapter.binary} is not on PATH` };
  const version = /(\d+\.\d+(?:\.\d+)?)/.exec(r.stdout || r.outputTail)?.[1];
  if (r.exitCode !== 0 || r.timedOut)
    return {
      tool_id: id,
      available: false,
      reason: `${adapter.binary} --version failed (exit ${r.exitCode})`,
    };
  const min = toolEntry(config, id)?.min_version ?? adapter.minVersion;
  if (version && min && compareVersions(version, min) < 0)
    return {
      tool_id: id,
      available: false,
      version,
      reason: `${adapter.binary} ${version} is older than the minimal ${min}`,
    };
  return { tool_id: id, available: true, ...(version ? { version } : { reason: 'version unknown' }) };
}

/**
 * Which tools are usable now (for run_created's routing.available_tools and `uet plan`): a custom adapter whose
 * module loads; an AI tool whose binary answers `--version` with its minimal version or later. It does not check
 * credentials: a tool reports its own auth errors when it runs. shell is always usable.
 */
export async function probeTools(
  registry: ReadonlyMap<string, ToolAdapter>,
  config: RouterConfig,
  parentEnv: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<ToolProbe[]> {
  const ids = referencedTools(config);
  return Promise.all(ids.map((id) => probeOne(id, registry.get(id), config, parentEnv, cwd)));
}

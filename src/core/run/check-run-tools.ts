import type { Plan } from '../bundle/build-plan.js';
import type { RouterConfig, WorkstreamBundle } from '../contracts/index.js';
import type { DocumentIssue } from '../errors.js';
import { BUILT_IN_TOOLS, NO_TOOL } from '../router/index.js';
import type { RunRouting } from './events.js';
import { planRoutes } from './resolve-tool.js';
import { choosePriority } from './priority.js';

/** The built-in AI adapters a router_config `tools` entry may configure (its own binary, model, version). */
const CONFIGURABLE = new Set(['claude', 'codex', 'aider']);

/**
 * The tool ids a run with `config` has an adapter for, as the tool registry builds them (createToolRegistry, which a
 * test keeps in step): the built-in tools, the custom adapters, and each `tools` entry that configures a built-in AI
 * adapter or aliases a known tool through `adapter`. Pure.
 */
export function knownToolIds(config: RouterConfig | undefined): Set<string> {
  const known = new Set(Object.keys(BUILT_IN_TOOLS));
  for (const id of Object.keys(config?.custom_adapters ?? {})) known.add(id);
  for (const [id, entry] of Object.entries(config?.tools ?? {})) {
    const adapterId = entry.adapter ?? id;
    if (CONFIGURABLE.has(adapterId) || (id !== adapterId && known.has(adapterId))) known.add(id);
  }
  return known;
}

/** A document's tool names: `tool_profile_id` of each bundle step or phase task, with its pointer. */
export interface NamedTool {
  readonly pointer: string;
  readonly toolId: string;
  /** `step <id>` or `task <id>`. */
  readonly owner: string;
}

/** The steps of a bundle that name their tool, and the repair loops of its gates (each names one). */
export function namedToolsOfBundle(bundle: WorkstreamBundle): NamedTool[] {
  const repair = (gates: WorkstreamBundle['test_gates'], at: string) =>
    (gates ?? []).flatMap((g, j) => {
      const r = g.on_failure?.repair;
      return r ? [{ pointer: `${at}/test_gates/${j}/on_failure/repair/tool_profile_id`, toolId: r.tool_profile_id, owner: `the repair of gate ${g.gate_id ?? j}` }] : [];
    });
  return [
    ...bundle.workstreams.flatMap((w, i) => [
      ...(w.steps ?? []).flatMap((s, j) =>
        s.tool_profile_id !== undefined ? [{ pointer: `/workstreams/${i}/steps/${j}/tool_profile_id`, toolId: s.tool_profile_id, owner: `step ${s.step_id}` }] : [],
      ),
      ...repair(w.test_gates, `/workstreams/${i}`),
    ]),
    ...repair(bundle.test_gates, ''),
  ];
}

/** The tasks of a phase that name their tool (inline tasks; task_refs are separate documents). */
export function namedToolsOfPhase(phase: { workstreams?: { tasks?: { task_id: string; tool_profile_id?: string }[] }[] }): NamedTool[] {
  return (phase.workstreams ?? []).flatMap((w, i) =>
    (w.tasks ?? []).flatMap((t, j) =>
      t.tool_profile_id !== undefined ? [{ pointer: `/workstreams/${i}/tasks/${j}/tool_profile_id`, toolId: t.tool_profile_id, owner: `task ${t.task_id}` }] : [],
    ),
  );
}

/**
 * Each named tool that no adapter is known for, as a document issue: bad input, refused before a run is created
 * (`uet validate` reports it as an invalid document). `configSource` names where custom tools are declared.
 */
export function findUnknownTools(named: readonly NamedTool[], config: RouterConfig | undefined, configSource: string): DocumentIssue[] {
  const known = knownToolIds(config);
  const list = [...known].join(', ');
  const where = configSource === 'built-in' ? 'a .uet/router_config.json' : configSource;
  return named
    .filter((n) => !known.has(n.toolId))
    .map((n) => ({
      pointer: n.pointer,
      message: `${n.owner}: unknown tool "${n.toolId}": no adapter of that name (known: ${list}; declare a custom one under custom_adapters in ${where})`,
    }));
}

/** A step whose route, at the start of a run, ends on a tool that cannot run here. */
export interface UnusableStep {
  readonly step_id: string;
  readonly tool_id: string;
  readonly reason: string;
}

export interface RunToolCheck {
  readonly steps: number;
  readonly unusable: UnusableStep[];
}

/**
 * Which steps of a plan would have no usable tool if a run started now (docs/routing.md): each step is routed as
 * `uet plan` routes it (planRoutes), and a route that found no tool, or chose one that is not available, is unusable.
 * `reasons` says why a tool is unavailable (from the probes). Pure.
 */
export function checkRunTools(plan: Plan, routing: RunRouting | undefined, reasons: Readonly<Record<string, string>>): RunToolCheck {
  // A repair loop's first round stands for the loop: every round runs the same tool.
  const firstRounds = [...plan.repairs.values()].map((r) => r[0]!);
  const routes = planRoutes(plan, [...choosePriority(plan).order, ...firstRounds], routing);
  const available = new Set(['shell', ...(routing?.available_tools ?? Object.keys(BUILT_IN_TOOLS))]);
  const unusable: UnusableStep[] = [];
  for (const [stepId, route] of routes) {
    if (route.toolId !== NO_TOOL && available.has(route.toolId)) continue;
    const missing = route.candidates.filter((t) => !available.has(t));
    const reason = missing.length ? missing.map((t) => `${t} (${reasons[t] ?? 'not available'})`).join(', ') : route.reason;
    unusable.push({ step_id: stepId, tool_id: route.toolId, reason });
  }
  return { steps: routes.size - firstRounds.length, unusable };
}

/**
 * The one-paragraph refusal `uet run` prints (and `uet plan` states) when steps have no usable tool: how many, which
 * tools are missing and why, and the two ways on. Pure.
 */
export function describeUnusableSteps(check: RunToolCheck): string {
  const byTool = new Map<string, UnusableStep[]>();
  for (const u of check.unusable) byTool.set(u.reason, [...(byTool.get(u.reason) ?? []), u]);
  const parts = [...byTool].map(([reason, steps]) => {
    const ids = steps.map((s) => s.step_id);
    return `${reason} (${ids.length === 1 ? 'step' : `${ids.length} steps`} ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''})`;
  });
  const n = check.unusable.length;
  const all = n === check.steps;
  const what = all ? (n === 1 ? 'the only step has no' : `none of the ${n} steps has a`) : `${n} of ${check.steps} steps have no`;
  return `${what} usable tool: ${parts.join('; ')}. Install what is missing (see docs/tools.md)${all ? '' : ', or run the other steps with --allow-unavailable (these fail as tool_unavailable)'}`;
}

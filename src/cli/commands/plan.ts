import type { Command } from 'commander';
import { resolve } from 'node:path';
import { buildPlanReport, describeUnusableSteps, renderMermaid, type PlannedRepair, type PlanReport } from '../../core/run/index.js';
import type { CommandContext } from '../cli-context.js';
import { loadBundle } from '../load-bundle.js';
import { readToolSetup } from '../local/read-tool-setup.js';
import { assertCompatible, parseOutputFormat, parsePositiveInt } from '../options.js';
import { exitCodes, exitCodesHelp } from '../exit-codes.js';
import { checkBundleTools } from '../local/check-run-tools.js';
import { formatDuration, formatUsd, plural } from '../render/format.js';
import { renderRoutes } from '../render/render-routes.js';

/** `uet plan <bundle>`: a dry run that executes nothing. */
export function registerPlanCommand(program: Command, ctx: CommandContext): void {
  program
    .command('plan')
    .description(
      'show what a run would do: DAG waves, critical path, estimated makespan, parallel workstreams, budget; executes nothing',
    )
    .argument('<bundle>', 'the bundle (.json, .yaml or .yml)')
    .option('--max-parallel <n>', 'most steps running at once (overrides the bundle)', parsePositiveInt)
    .option('--repo <dir>', 'the repository whose .uet/router_config.json and tools decide the routing', '.')
    .option('--json', 'print the plan report as JSON')
    .option('--format <format>', 'text, or mermaid for the DAG as a Mermaid flowchart', parseOutputFormat)
    .option('--allow-unavailable', 'exit 0 even if some steps have no usable tool here (as `uet run --allow-unavailable` runs)')
    .addHelpText('after', exitCodesHelp('plan'))
    .action(async (path: string, o: { maxParallel?: number; json?: boolean; format?: string; repo?: string; allowUnavailable?: boolean }) => {
      assertCompatible([['--json', '--format', o.json === true && o.format !== undefined]]);
      const { bundle, plan } = await loadBundle(path, ctx.io.cwd, o.maxParallel);
      const repo = resolve(ctx.io.cwd, o.repo ?? '.');
      // A plan needs no repository (the built-in routing then applies), but one git cannot use is an error.
      const tooling = await readToolSetup(ctx.io, repo);
      const check = checkBundleTools(path, bundle, plan, tooling); // an unknown tool: exit 2
      const routing = tooling?.options.routing;
      const report = buildPlanReport(plan, routing);
      if (o.json) ctx.io.stdout(`${JSON.stringify({ ...report, unusable_steps: check.unusable }, null, 2)}\n`);
      else if (o.format === 'mermaid') ctx.io.stdout(`${renderMermaid(plan)}\n`);
      else ctx.io.stdout(renderPlan(report));
      if (check.unusable.length) {
        ctx.io.stderr(`uet: ${o.allowUnavailable ? 'note' : '`uet run` would refuse'}: ${describeUnusableSteps(check)}\n`);
        if (!o.allowUnavailable) ctx.setExitCode(exitCodes.failed);
      }
    });
}

export function renderPlan(r: PlanReport): string {
  const lines = [
    `Plan for ${r.bundle_id}: ${plural(r.steps, 'step')}, ${plural(r.gates, 'gate')}, max_parallel ${r.max_parallel}`,
    '',
  ];
  r.waves.forEach((w, i) =>
    lines.push(`wave ${i + 1}: ${w.map((id) => (r.tools[id] ? `${id} [${r.tools[id]}]` : id)).join(', ')}`),
  );
  lines.push('');
  lines.push(
    `critical path (${formatDuration(r.critical_path_seconds * 1000)}): ${r.critical_path.join(' -> ')}`,
  );
  lines.push(
    `estimated makespan: ${formatDuration(r.estimated_makespan_seconds * 1000)} (lower bound ${formatDuration(r.lower_bound_seconds * 1000)}, total work ${formatDuration(r.total_work_seconds * 1000)}; priority ${r.priority_rule})`,
  );
  lines.push(`parallel workstreams: ${r.parallel_workstreams.map((g) => g.join(' | ')).join('  ->  ')}`);
  const wsBudgets = r.budget.workstreams
    .filter((w) => w.max_cost_usd !== null)
    .map((w) => `${w.ws_id} ${formatUsd(w.max_cost_usd!)}`);
  lines.push(
    `budget: ${r.budget.bundle_usd === null ? 'none for the bundle' : `${formatUsd(r.budget.bundle_usd)} for the bundle`}${wsBudgets.length ? `; ${wsBudgets.join(', ')}` : ''}; estimated cost ${formatUsd(r.budget.estimated_cost_usd)}${r.budget.repair_cost_usd_max ? ` (up to ${formatUsd(r.budget.repair_cost_usd_max)} more if every repair runs)` : ''}`,
  );
  lines.push(...renderRoutes(r));
  if (r.gate_list.length) {
    lines.push('gates:');
    for (const g of r.gate_list) {
      lines.push(
        `  ${g.type} (${g.ws_id ?? 'bundle'})${g.blocking ? ' blocking' : ''}${g.required ? ' required' : ''}: ${g.command}`,
      );
      if (g.repair) lines.push(`    ${renderRepair(g.repair)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One gate's repair loop: `on failure: up to 2 repairs by claude (…), $0.50 each, then the gate again`. */
function renderRepair(p: PlannedRepair): string {
  const what = p.command !== undefined ? `: ${p.command}` : p.instruction !== undefined ? `: ${p.instruction}` : '';
  const cost = p.estimate_cost_usd_each > 0 ? `, ${formatUsd(p.estimate_cost_usd_each)} each` : '';
  return `on failure: up to ${plural(p.max_attempts, 'repair')} by ${p.tool_id}${cost}, each followed by the gate again (steps ${p.step_ids.join(', ')})${what}`;
}

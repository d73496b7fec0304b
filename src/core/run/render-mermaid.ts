import type { Plan } from '../bundle/build-plan.js';
import type { NodeState } from './state.js';

const CLASS: Record<NodeState, string> = {
  pending: 'pending',
  ready: 'pending',
  running: 'running',
  retry_wait: 'running',
  blocked: 'blocked',
  succeeded: 'succeeded',
  failed: 'failed',
  skipped: 'skipped',
  canceled: 'skipped',
};

const CLASS_DEFS = [
  'classDef pending fill:#eeeeee,stroke:#999999,color:#333333',
  'classDef running fill:#cfe8ff,stroke:#1f6feb,color:#0b3d91',
  'classDef blocked fill:#fff3c4,stroke:#bf8700,color:#5c4200',
  'classDef succeeded fill:#d3f9d8,stroke:#2da44e,color:#0f5323',
  'classDef failed fill:#ffd8d3,stroke:#cf222e,color:#82071e',
  'classDef skipped fill:#f6f8fa,stroke:#8c959f,color:#57606a,stroke-dasharray: 4 3',
];

const safeId = (id: string) => `n_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
const label = (text: string) => text.replace(/"/g, '#quot;').replace(/[<>]/g, '');

/**
 * The plan as a Mermaid flowchart: one subgraph per workstream, gates as hexagons, each node coloured by
 * its state (all pending for a plan). GitHub renders it in comments and check summaries.
 */
export function renderMermaid(plan: Plan, states: ReadonlyMap<string, NodeState> = new Map()): string {
  const lines = ['flowchart TD'];
  const byWs = new Map<string | null, string[]>();
  for (const id of plan.order) {
    const n = plan.nodes.get(id)!;
    byWs.set(n.wsId, [...(byWs.get(n.wsId) ?? []), id]);
  }
  const nodeLine = (id: string) => {
    const n = plan.nodes.get(id)!;
    if (n.repair) {
      const tool = n.step?.tool_profile_id ?? 'shell';
      return `${safeId(id)}[/"repair ${label(n.repair.gateNodeId.split(':').pop()!)}: ${label(tool)}, up to ${n.repair.maxAttempts}x"/]`;
    }
    const text = n.kind === 'gate' ? `${n.gate!.type}: ${n.gate!.gate_id}` : n.step?.name ? `${id}: ${n.step.name}` : id;
    return n.kind === 'gate' ? `${safeId(id)}{{"${label(text)}"}}` : `${safeId(id)}["${label(text)}"]`;
  };
  // A gate's repair loop, drawn once inside its workstream: a dashed edge from the gate on failure, back on success.
  for (const [gate, rounds] of plan.repairs) {
    const g = plan.nodes.get(gate)!;
    byWs.set(g.wsId, [...(byWs.get(g.wsId) ?? []), rounds[0]!]);
  }
  for (const [ws, ids] of byWs) {
    if (ws === null) {
      for (const id of ids) lines.push(`  ${nodeLine(id)}`);
      continue;
    }
    const name = plan.workstreams.get(ws)?.name;
    lines.push(`  subgraph ${safeId(`ws_${ws}`)}["${label(name ? `${ws}: ${name}` : ws)}"]`);
    for (const id of ids) lines.push(`    ${nodeLine(id)}`);
    lines.push('  end');
  }
  for (const id of plan.order) {
    const n = plan.nodes.get(id)!;
    // Bundle gates depend on everything; draw only their edges from sinks to keep the picture readable.
    const deps = n.wsId === null && n.kind === 'gate' ? n.deps.filter((d) => (plan.dag.dependents.get(d) ?? []).every((x) => plan.nodes.get(x)!.wsId === null)) : n.deps;
    for (const d of deps) lines.push(`  ${safeId(d)} --> ${safeId(id)}`);
  }
  for (const [gate, rounds] of plan.repairs)
    lines.push(`  ${safeId(gate)} -. fails .-> ${safeId(rounds[0]!)}`, `  ${safeId(rounds[0]!)} -. runs again .-> ${safeId(gate)}`);
  lines.push(...CLASS_DEFS.map((c) => `  ${c}`));
  const groups = new Map<string, string[]>();
  const drawn: [string, NodeState | undefined][] = [
    ...plan.order.map((id): [string, NodeState | undefined] => [id, states.get(id)]),
    ...[...plan.repairs.values()].map((r): [string, NodeState | undefined] => [r[0]!, states.get(repairState(r, states))]),
  ];
  for (const [id, state] of drawn) {
    const cls = CLASS[state ?? 'pending'];
    groups.set(cls, [...(groups.get(cls) ?? []), safeId(id)]);
  }
  for (const [cls, ids] of groups) lines.push(`  class ${ids.join(',')} ${cls}`);
  return lines.join('\n');
}

/** The round of a loop whose state colours it: the last one that started, else the first. */
function repairState(rounds: readonly string[], states: ReadonlyMap<string, NodeState>): string {
  const started = rounds.filter((id) => {
    const s = states.get(id);
    return s !== undefined && s !== 'pending' && s !== 'ready' && s !== 'skipped';
  });
  return started.at(-1) ?? rounds[0]!;
}

import type { BootstrapDiscovery, CICommand, DiscoveredTool, TestGate } from '../contracts/index.js';
import { commandWords } from './classify-command.js';

type GateType = TestGate['type'];

const BY_KIND: Partial<Record<CICommand['kind'], GateType>> = { test: 'GATE_TEST', lint: 'GATE_LINT', typecheck: 'GATE_TYPECHECK' };
const BY_CATEGORY: Partial<Record<DiscoveredTool['category'], GateType>> = {
  test_runner: 'GATE_TEST',
  linter: 'GATE_LINT',
  formatter: 'GATE_LINT',
  typechecker: 'GATE_TYPECHECK',
  docs_generator: 'GATE_DOCS',
};
const PREFIX: Record<GateType, string> = {
  GATE_TEST: 'test',
  GATE_LINT: 'lint',
  GATE_TYPECHECK: 'typecheck',
  GATE_DOCS: 'docs',
  GATE_SECURITY: 'security',
  GATE_CUSTOM: 'custom',
};

/** Tools that only wrap others: used for a gate only when no direct tool of the same kind is configured. */
const WRAPPERS = /^(tox|nox|pre-commit|make-.*)$/;
/** Package scripts first (they are how the project runs itself), then by tool id. */
const rank = (t: DiscoveredTool) => (/^(npm|pnpm|yarn|bun)-/.test(t.tool_id) ? 0 : 1);

/** The tool a command runs, as an id fragment: `uv run pytest -q` → pytest, `npm run lint` → npm-lint. */
export function toolOfCommand(command: string): string {
  const [exe = 'cmd', sub = '', third = ''] = commandWords(command);
  if (['npm', 'pnpm', 'yarn', 'bun', 'make', 'go', 'cargo', 'dbt', 'terraform', 'helm', 'tox', 'nox'].includes(exe) && sub)
    return `${exe}-${sub === 'run' ? third || sub : sub}`;
  if (exe === 'ruff' && sub === 'format') return 'ruff-format';
  return exe.replace(/^.*\//, '');
}

/** Commands that cannot run as a gate: GitHub expressions, or shell variables set elsewhere in the workflow. */
const unrunnable = (command: string) => command.includes('${{') || /\$\{?[A-Za-z_]/.test(command.replace(/\$\{?(HOME|PWD|PATH)\b/g, ''));

/**
 * The project's validation gates: the test, lint and typecheck commands CI runs (unwrapped), then, for each gate
 * type CI does not cover, the commands of the tools configured in the repository (test runners, linters,
 * formatters in check mode, typecheckers, docs generators). Deduplicated by command; ids are `<type>-<tool>`.
 */
export function deriveGates(discovery: BootstrapDiscovery): TestGate[] {
  const gates: TestGate[] = [];
  const ids = new Set<string>();
  const add = (type: GateType, command: string, name: string) => {
    if (unrunnable(command) || gates.some((g) => g.command === command)) return;
    const base = `${PREFIX[type]}-${toolOfCommand(command)}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 120);
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    gates.push({ gate_id: id, name, type, command });
  };
  for (const w of discovery.ci.workflows)
    for (const c of w.commands) {
      const type = BY_KIND[c.kind];
      if (type) add(type, c.command, `${c.kind} (from ${w.path})`);
    }
  const covered = new Set(gates.map((g) => g.type));
  const byType = new Map<GateType, DiscoveredTool[]>();
  for (const t of discovery.tools) {
    const type = BY_CATEGORY[t.category];
    if (type && t.command !== undefined && !covered.has(type)) byType.set(type, [...(byType.get(type) ?? []), t]);
  }
  for (const [type, tools] of byType) {
    const direct = tools.filter((t) => !WRAPPERS.test(t.tool_id));
    const ranked = [...(direct.length ? direct : tools)].sort((a, b) => rank(a) - rank(b));
    // One test gate is enough (runners overlap); every linter, typechecker and docs build is a gate of its own.
    for (const t of type === 'GATE_TEST' ? ranked.slice(0, 1) : ranked)
      add(type, t.command!, `${t.tool_id} (configured in ${t.config_file ?? t.evidence[0]?.file ?? 'the repository'})`);
  }
  return gates;
}

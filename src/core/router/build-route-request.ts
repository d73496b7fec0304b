import picomatch from 'picomatch';
import type { Plan, PlanNode } from '../bundle/build-plan.js';
import type { Complexity, RiskTier, RouteRequest } from './route-request.js';

const CRITICAL = picomatch(
  ['**/.env', '**/.env.*', '**/*.pem', '**/*.key', '**/{prod,production}/**', '**/credentials*'],
  { dot: true },
);
const HIGH = picomatch(
  [
    '.github/**',
    '**/migrations/**',
    '**/*.sql',
    '**/{auth,security,secrets}/**',
    '**/*.tf',
    '**/Dockerfile',
    '**/{package,pyproject}.*',
  ],
  { dot: true },
);
const LOW = picomatch(
  [
    '**/*.{md,mdx,rst,txt,adoc}',
    'docs/**',
    '{test,tests}/**',
    '**/{__tests__,tests}/**',
    '**/*.{test,spec}.*',
    '**/test_*',
    '**/*_test.*',
  ],
  { dot: true },
);

/** How risky a change to these paths is, by where they live (docs/routing.md). */
export function classifyRisk(paths: readonly string[]): RiskTier {
  if (paths.some((p) => CRITICAL(p))) return 'critical';
  if (paths.some((p) => HIGH(p))) return 'high';
  if (paths.length > 0 && paths.every((p) => LOW(p))) return 'low';
  return 'medium';
}

/** How much reasoning the step needs, by how many files it touches and how long its instruction is. */
export function classifyComplexity(
  paths: readonly string[],
  instruction: string | undefined,
  command: boolean,
): Complexity {
  const words = instruction?.trim().split(/\s+/).filter(Boolean).length ?? 0;
  if (command && words === 0) return 'trivial';
  if (paths.length >= 5 || words >= 120) return 'high';
  if (paths.length >= 2 || words >= 40) return 'medium';
  return 'low';
}

/** A workstream kind (a free-form label) as a task kind: lower case, words joined by '_'. */
export const toTaskKind = (kind: string | undefined) =>
  kind
    ?.toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '') || undefined;

/**
 * The routing view of a step: its workstream's kind as the task kind, a risk tier and a complexity classified
 * from its files and instruction, the project's domain, and its write and create scope. Pure.
 */
export function buildRouteRequest(node: PlanNode, plan: Plan, domain?: string): RouteRequest {
  const step = node.step;
  const ctx = step?.context;
  const paths = [...new Set([...(ctx?.files ?? []), ...(ctx?.create_files ?? [])])];
  const hasCommand = ctx?.command !== undefined && ctx.command.trim() !== '';
  const taskKind = toTaskKind(node.wsId !== null ? plan.workstreams.get(node.wsId)?.kind : undefined);
  return {
    stepId: node.id,
    ...(step?.tool_profile_id !== undefined ? { explicitTool: step.tool_profile_id } : {}),
    ...(taskKind !== undefined ? { taskKind } : {}),
    riskTier: classifyRisk(paths),
    complexity: classifyComplexity(paths, ctx?.instruction, hasCommand),
    ...(domain !== undefined ? { domain } : {}),
    paths,
    hasCommand,
    hasInstruction: (ctx?.instruction ?? '').trim() !== '',
  };
}

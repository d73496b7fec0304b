import type { ProfileExtension, RouterConfig, RouterTool } from '../contracts/index.js';
import { AI_TOOLS, type Executables } from './ai-tools.js';

/** Task kinds that read and report rather than change files. */
const READ_ONLY = /^(analysis|code_review|review|doc_review|data_validation)$/;

/**
 * The router_config document (.uet/router_config.json): the AI tools (aider, claude, codex) and shell with their
 * capabilities, and two rules over the profile's task kinds: changes go to the AI
 * tools found on PATH first (auto strategy), reviews and analyses to the strongest reader first. The defaults
 * take the same order. Nothing here adds shell as a fallback: the validation engine does when no tool of a rule is
 * available, and reports it. Every entry is a tool uet has an adapter for: the project's checks are gates (in the
 * phases and the project profile), not tools, and a tool entry without an adapter is reported at every run.
 */
export function buildRouterConfig(profile: ProfileExtension, executables: Executables): RouterConfig {
  const available = AI_TOOLS.filter((t) => executables.has(t.binary));
  const missing = AI_TOOLS.filter((t) => !executables.has(t.binary));
  const ordered: string[] = [...available, ...missing].map((t) => t.id);
  const tools: Record<string, RouterTool> = {};
  for (const t of AI_TOOLS)
    tools[t.id] = { kind: 'tool', description: `${t.id} (${executables.has(t.binary) ? 'found on PATH' : 'not found on PATH'})`, binary: t.binary, capabilities: [...t.capabilities], cost_tier: t.cost_tier };
  tools.shell = { kind: 'tool', description: 'runs a task command with bash', capabilities: ['command'], cost_tier: 'free' };
  const kinds = profile.adds_task_kinds.map((k) => k.id);
  const changing = kinds.filter((k) => !READ_ONLY.test(k));
  const reading = kinds.filter((k) => READ_ONLY.test(k));
  const [first = 'claude', ...rest] = ordered;
  return {
    $schema: 'https://uet.dev/schema/router_config.v1.json',
    version: '1.0.0',
    tools,
    rules: [
      ...(changing.length ? [{ rule_id: 'changes', description: `${profile.profile_id} task kinds that change files`, priority: 100, match: { task_kind: changing }, strategy: 'auto' as const, tools: [...ordered] }] : []),
      ...(reading.length ? [{ rule_id: 'reviews', description: 'analyses and reviews', priority: 100, match: { task_kind: reading }, strategy: 'fixed' as const, tools: [...ordered] }] : []),
    ],
    defaults: { strategy: 'fixed', tool_id: first, fallbacks: rest },
  };
}

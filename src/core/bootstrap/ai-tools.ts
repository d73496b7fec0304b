/** The AI tools UET drives, with what each is good at (router capabilities) and its relative cost. */
export const AI_TOOLS = [
  { id: 'claude', binary: 'claude', capabilities: ['code_edit', 'refactor', 'documentation', 'analysis', 'code_review', 'multi_file'], cost_tier: 'high' },
  { id: 'codex', binary: 'codex', capabilities: ['code_edit', 'refactor', 'analysis', 'code_review', 'multi_file'], cost_tier: 'medium' },
  { id: 'aider', binary: 'aider', capabilities: ['code_edit', 'refactor', 'documentation', 'multi_file'], cost_tier: 'medium' },
] as const;

/** Whether an executable name is on PATH (the adapter lists PATH once; the core only asks). */
export type Executables = ReadonlySet<string>;

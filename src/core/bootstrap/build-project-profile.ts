import type { BootstrapDiscovery, Constraints, DiscoveredTool, Generator, ProfileExtension, ProfileMapping, ProjectProfile, ProjectTool, TestGate } from '../contracts/index.js';
import { AI_TOOLS, type Executables } from './ai-tools.js';
import { commandWords } from './classify-command.js';

const CAPABILITY: Record<DiscoveredTool['category'], string> = {
  test_runner: 'test',
  linter: 'lint',
  formatter: 'format',
  typechecker: 'typecheck',
  docs_generator: 'docs',
  infra: 'infra',
  build: 'build',
  other: 'other',
};

export interface ProjectProfileInput {
  readonly discovery: BootstrapDiscovery;
  readonly profile: ProfileExtension;
  readonly projectName: string;
  readonly composed: readonly ProfileMapping[];
  readonly constraints: Constraints;
  readonly gates: readonly TestGate[];
  readonly executables: Executables;
  readonly generatedAt: string;
  readonly generator: Generator;
}

/** The executable a command starts (`npx eslint .` → npx eslint, `uv run pytest` → pytest). */
export function binaryOf(command: string): string {
  const words = commandWords(command);
  const raw = command.trim().split(/\s+/);
  if ((raw[0] === 'npx' || raw[0] === 'bunx') && words[0]) return `${raw[0]} ${words[0]}`;
  return words[0] ?? raw[0] ?? command;
}

/**
 * The project_profile document (.uet/PROJECT_PROFILE.yaml): the chosen profile and its domain, the composition,
 * the languages, the tool registry (repository tools and the AI tools, each marked detected when its executable
 * is on PATH), the framework paths, the narrowed constraints and the gates. Pure.
 */
export function buildProjectProfile(input: ProjectProfileInput): ProjectProfile {
  const tools: Record<string, ProjectTool> = {};
  for (const t of input.discovery.tools) {
    const binary = t.command !== undefined ? binaryOf(t.command) : t.tool_id;
    const exe = binary.split(' ')[0] ?? binary;
    tools[t.tool_id] = { detected: input.executables.has(exe), binary, capabilities: [CAPABILITY[t.category]] };
  }
  for (const ai of AI_TOOLS)
    tools[ai.id] = { detected: input.executables.has(ai.binary), binary: ai.binary, capabilities: [...ai.capabilities] };
  return {
    meta_version: 'project_profile.v1',
    project_name: input.projectName,
    root: '.',
    domain: input.profile.domain,
    profile_id: input.profile.profile_id,
    composed_profiles: [...input.composed],
    languages: input.discovery.languages,
    tools,
    framework_paths: {
      phases: '.uet/phases',
      workstreams: '.uet/workstreams',
      tasks: '.uet/tasks',
      ledger: '.uet/ledger',
      runs: '.uet/runs',
      worktrees: '.uet/worktrees',
      router_config: '.uet/router_config.json',
    },
    constraints: input.constraints,
    gates: [...input.gates],
    ...(input.discovery.commit !== undefined ? { commit: input.discovery.commit } : {}),
    generated_at: input.generatedAt,
    generator: input.generator,
  };
}

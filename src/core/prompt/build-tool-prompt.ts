import type { PromptInstance } from '../contracts/index.js';
import { hashText } from './build-prompt-id.js';
import { buildPromptSections, type PromptSource } from './build-prompt-sections.js';
import { renderingFor, renderPromptText } from './render-prompt-text.js';

/** What an AI tool adapter gets with an attempt: the stored prompt instance plus what the argv needs. */
export interface ToolPrompt {
  /** The prompt_instance document, as stored under .uet/runs/<run_id>/prompts/<prompt_id>.json. */
  readonly instance: PromptInstance;
  /** The files in scope (context.files, then context.create_files), for tools that take them as arguments. */
  readonly files: readonly string[];
  /** Whether the policy lets the tool run shell commands: only when the constraints say patch_only false. */
  readonly allowShell: boolean;
}

export interface ToolPromptInput extends PromptSource {
  readonly runId: string;
  readonly toolId: string;
  /** The adapter that drives the tool; decides the rendering. */
  readonly adapterId: string;
  readonly promptId: string;
  readonly createdAt: string;
}

/** Renders a step's prompt for one tool: sections, tool-specific text and its SHA-256. Pure. */
export function buildToolPrompt(input: ToolPromptInput): ToolPrompt {
  const sections = buildPromptSections(input);
  const rendering = renderingFor(input.adapterId);
  const text = renderPromptText(sections, rendering);
  const ctx = input.node.step?.context;
  return {
    instance: {
      prompt_id: input.promptId,
      tool_id: input.toolId,
      run_id: input.runId,
      step_id: input.node.id,
      attempt: input.attempt,
      sections,
      rendered_text: text,
      prompt_hash: hashText(text),
      rendering,
      created_at: input.createdAt,
    },
    files: [...new Set([...(ctx?.files ?? []), ...(ctx?.create_files ?? [])])],
    allowShell: input.constraints?.patch_only === false,
  };
}

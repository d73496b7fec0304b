import type { PromptInstance, PromptSections } from '../contracts/index.js';

export type PromptRendering = PromptInstance['rendering'];

const ORDER = ['OBJECTIVE', 'CONTEXT', 'CONSTRAINTS', 'FILES_SCOPE', 'OUTPUT_SPEC'] as const;
const TITLES: Record<(typeof ORDER)[number], string> = {
  OBJECTIVE: 'Objective',
  CONTEXT: 'Context',
  CONSTRAINTS: 'Constraints',
  FILES_SCOPE: 'Files in scope',
  OUTPUT_SPEC: 'Output',
};

const body = (text: string) => (text.trim() === '' ? '(none)' : text.trim());

/** The rendering for a tool's adapter: aider, claude and codex have their own; any other tool gets generic. */
export function renderingFor(adapterId: string): PromptRendering {
  return adapterId === 'aider' || adapterId === 'claude' || adapterId === 'codex' ? adapterId : 'generic';
}

/**
 * The exact text a tool receives. generic: `## SECTION` headings in order. claude: Markdown headings for `claude
 * -p`. codex: a short preamble for `codex exec`, then labelled blocks. aider: shorter, since aider gets the files
 * as arguments and keeps its own repository map: the objective, then one line each for context (without the
 * plan and the workstream's criteria), constraints, files and output. Every rendering keeps the `Change:`/`Create:` lines of FILES_SCOPE verbatim. Pure.
 */
export function renderPromptText(sections: PromptSections, rendering: PromptRendering): string {
  switch (rendering) {
    case 'claude':
      return `${ORDER.map((k) => `## ${TITLES[k]}\n\n${body(sections[k])}\n`).join('\n')}`;
    case 'codex':
      return [
        'You are running non-interactively in a git worktree. Make the change described below, then stop.',
        '',
        ...ORDER.map((k) => `${k}:\n${body(sections[k])}\n`),
      ].join('\n');
    case 'aider': {
      const oneLine = (s: string) =>
        s
          .split('\n')
          .map((l) => l.replace(/^- /, '').trim())
          .filter(Boolean)
          .join(' ');
      const lines = [sections.OBJECTIVE.trim(), ''];
      // aider keeps its own repository map: the plan line and the workstream's criteria are left out.
      const context = sections.CONTEXT.split('\n')
        .filter((l) => !/^(Plan: |The workstream is done when)/.test(l))
        .join('\n');
      if (context.trim()) lines.push(`Context: ${oneLine(context)}`);
      if (sections.CONSTRAINTS.trim()) lines.push(`Constraints: ${oneLine(sections.CONSTRAINTS)}`);
      lines.push(...sections.FILES_SCOPE.split('\n').filter((l) => /^(Change|Create): /.test(l)));
      lines.push(`Output: ${oneLine(sections.OUTPUT_SPEC)}`);
      return `${lines.join('\n')}\n`;
    }
    default:
      return `${ORDER.map((k) => `## ${k}\n${body(sections[k])}\n`).join('\n')}`;
  }
}

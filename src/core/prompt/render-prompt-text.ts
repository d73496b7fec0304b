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
 * plan and the workstream's criteria), constraints, files and output. Every rendering keeps the `Change:`/`Create:` lines of FILES_SCOPE and the repository's instruction file verbatim. Pure.
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
      // The repository's instruction file (at the end of CONTEXT) keeps its lines: its lists and code blocks mean
      // something, and every tool gets the same text.
      const at = context.search(/^The repository's instructions for agents \(/m);
      const [plain, file] = at < 0 ? [context, ''] : [context.slice(0, at), context.slice(at).trimEnd()];
      if (plain.trim() || file) lines.push(`Context:${plain.trim() ? ` ${oneLine(plain)}` : ''}${file ? `\n${file}` : ''}`);
      if (sections.CONSTRAINTS.trim()) lines.push(`Constraints: ${oneLine(sections.CONSTRAINTS)}`);
      lines.push(...sections.FILES_SCOPE.split('\n').filter((l) => /^(Change|Create): /.test(l)));
      lines.push(`Output: ${oneLine(sections.OUTPUT_SPEC)}`);
      return `${lines.join('\n')}\n`;
    }
    default:
      return `${ORDER.map((k) => `## ${k}\n${body(sections[k])}\n`).join('\n')}`;
  }
}

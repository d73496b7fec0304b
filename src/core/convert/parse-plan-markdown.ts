import { parseInlineMetadata, type InlineMetadata } from './parse-inline-metadata.js';

export interface PlanWarning {
  readonly line: number;
  readonly message: string;
}

export interface PlanTask extends InlineMetadata {
  readonly line: number;
  /** Indented bullets and lines under the task, added to its instruction. */
  readonly notes: string[];
}

export interface PlanWeek extends InlineMetadata {
  readonly line: number;
  readonly description: string[];
  readonly tasks: PlanTask[];
  readonly criteria: string[];
  readonly gates: { line: number; text: string }[];
}

export interface PlanDocument {
  readonly title?: InlineMetadata & { line: number };
  readonly description: string[];
  readonly weeks: PlanWeek[];
  readonly warnings: PlanWarning[];
}

const TASK = /^(\s*)(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s+(.*)$/;
const BULLET = /^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$/;
const CRITERIA = /criteria|done when|acceptance|definition of done|exit/i;
const GATES = /\bgates?\b|validation/i;

/**
 * Reads a markdown phase plan: `# Title {meta}`, then `### Week N: ... {meta}` headings as workstreams with their
 * `- [ ] task {meta}` items (indented lines below a task are its notes), and under a week's `####` subheading
 * named like "Completion criteria" its criteria, or like "Gates" its gates. Everything it does not map becomes a
 * warning with its line. Pure.
 */
export function parsePlanMarkdown(markdown: string): PlanDocument {
  const warnings: PlanWarning[] = [];
  const weeks: PlanWeek[] = [];
  const description: string[] = [];
  let title: PlanDocument['title'];
  let week: PlanWeek | undefined;
  let task: PlanTask | undefined;
  let section: 'tasks' | 'criteria' | 'gates' = 'tasks';
  let fenced = false;
  markdown.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (/^\s*(```|~~~)/.test(raw)) fenced = !fenced;
    if (fenced) return;
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(raw);
    if (heading) {
      const level = heading[1]!.length;
      task = undefined;
      if (level === 1 && !title) title = { ...parseInlineMetadata(heading[2]!), line };
      else if (level === 3) {
        week = {
          ...parseInlineMetadata(heading[2]!),
          line,
          description: [],
          tasks: [],
          criteria: [],
          gates: [],
        };
        if (week.problem) warnings.push({ line, message: week.problem });
        weeks.push(week);
        section = 'tasks';
      } else if (level >= 4 && week)
        section = CRITERIA.test(heading[2]!) ? 'criteria' : GATES.test(heading[2]!) ? 'gates' : 'tasks';
      else if (level === 2) week = undefined;
      return;
    }
    const t = TASK.exec(raw);
    if (t && section === 'tasks') {
      const meta = parseInlineMetadata(t[3]!);
      if (meta.problem) warnings.push({ line, message: meta.problem });
      if (t[2] !== ' ') {
        task = undefined;
        return void warnings.push({ line, message: `"${meta.text}" is already checked off; not converted` });
      }
      if (!week)
        return void warnings.push({
          line,
          message: `task "${meta.text}" is not under a ### week heading; not converted`,
        });
      task = { ...meta, line, notes: [] };
      week.tasks.push(task);
      return;
    }
    const b = BULLET.exec(raw);
    if (week && section !== 'tasks' && (b || t)) {
      const text = (t ? t[3]! : b![2]!).trim();
      if (section === 'criteria') week.criteria.push(text);
      else week.gates.push({ line, text });
      return;
    }
    if (task && raw.trim() && /^\s{2,}/.test(raw)) return void task.notes.push((b ? b[2]! : raw).trim());
    if (!raw.trim()) return;
    task = undefined;
    if (b && week)
      return void warnings.push({
        line,
        message: `"${b[2]!.trim().slice(0, 60)}" is a list item without a [ ] checkbox; not converted`,
      });
    if (week && !week.tasks.length) week.description.push(raw.trim());
    else if (!week && title && !weeks.length) description.push(raw.trim());
  });
  return { ...(title ? { title } : {}), description, weeks, warnings };
}

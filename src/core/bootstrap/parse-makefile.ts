export interface MakeTarget {
  readonly name: string;
  /** 1-based line of the rule. */
  readonly line: number;
  readonly prerequisites: readonly string[];
  /** Recipe lines with variables expanded and the @, - and + prefixes removed. */
  readonly recipe: readonly string[];
}

export interface Makefile {
  readonly targets: ReadonlyMap<string, MakeTarget>;
  /** The first ordinary target: what a bare `make` runs. */
  readonly defaultGoal?: string;
}

const VARIABLE = /^([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:::=|:=|\?=|\+=|!=|=)\s*(.*)$/;
const RULE = /^([^\s:#=][^:#=]*?)\s*::?(?!=)\s*(.*)$/;

function expand(text: string, vars: ReadonlyMap<string, string>, depth = 0): string {
  if (depth > 5) return text;
  const out = text.replace(/\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]/g, (whole, name: string) => {
    if (name === 'MAKE') return 'make';
    const value = vars.get(name);
    return value === undefined ? whole : value;
  });
  return out === text ? out : expand(out, vars, depth + 1);
}

/**
 * Parses the rules of a Makefile: targets with their prerequisites and recipes, simple variables expanded.
 * Pattern rules (%) and special targets (.PHONY) are left out. Never throws.
 */
export function parseMakefile(text: string): Makefile {
  const lines = text.split(/\r?\n/);
  const vars = new Map<string, string>();
  const targets = new Map<string, { name: string; line: number; prerequisites: string[]; recipe: string[] }>();
  let defaultGoal: string | undefined;
  let current: { recipe: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    const start = i;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1).trimEnd()} ${(lines[++i] ?? '').trim()}`;
    if (line.startsWith('\t')) {
      const cmd = line.trim().replace(/^[@+-]+\s*/, '');
      if (cmd && !cmd.startsWith('#')) for (const t of current) t.recipe.push(expand(cmd, vars));
      continue;
    }
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const variable = VARIABLE.exec(line);
    if (variable?.[1] !== undefined) {
      vars.set(variable[1], (variable[2] ?? '').trim());
      current = [];
      continue;
    }
    const rule = RULE.exec(line);
    if (rule?.[1] === undefined) {
      current = [];
      continue;
    }
    const [prereqText = '', inline] = (rule[2] ?? '').split(';');
    current = [];
    for (const name of expand(rule[1], vars).split(/\s+/).filter(Boolean)) {
      if (name.startsWith('.') || name.includes('%')) continue;
      const target = targets.get(name) ?? {
        name,
        line: start + 1,
        prerequisites: prereqText.split(/\s+/).filter(Boolean),
        recipe: [],
      };
      if (inline?.trim()) target.recipe.push(expand(inline.trim(), vars));
      targets.set(name, target);
      current.push(target);
      defaultGoal ??= name;
    }
  }
  return defaultGoal === undefined ? { targets } : { targets, defaultGoal };
}

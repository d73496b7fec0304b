import { parse as parseToml } from 'smol-toml';
import { classifyDependency, requirementName, requirementVersion } from './classify-dependency.js';
import { emptyFindings, type Findings } from './findings.js';
import { knownTool } from './known-tools.js';
import { makeEvidence } from './make-evidence.js';

type Table = Record<string, unknown>;
const table = (v: unknown): Table => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** [tool.*] tables and the tool each configures (ruff.format is the formatter, ruff the linter). */
const TOOL_TABLES: [path: string[], tool: string][] = [
  [['pytest'], 'pytest'],
  [['ruff'], 'ruff'],
  [['ruff', 'format'], 'ruff-format'],
  [['mypy'], 'mypy'],
  [['pyright'], 'pyright'],
  [['black'], 'black'],
  [['isort'], 'isort'],
  [['pylint'], 'pylint'],
  [['tox'], 'tox'],
  [['sqlfluff'], 'sqlfluff'],
  [['codespell'], 'codespell'],
];
const MANAGERS = ['poetry', 'hatch', 'uv', 'pdm'] as const;

/** Every dependency declared: [project] dependencies and extras, dependency-groups, and Poetry's tables. */
function dependencies(doc: Table): string[] {
  const project = table(doc.project);
  const poetry = table(table(doc.tool).poetry);
  const groups = Object.values(table(poetry.group)).flatMap((g) => Object.keys(table(table(g).dependencies)));
  return [
    ...strings(project.dependencies),
    ...Object.values(table(project['optional-dependencies'])).flatMap(strings),
    ...Object.values(table(doc['dependency-groups'])).flatMap(strings),
    ...Object.keys(table(poetry.dependencies)),
    ...Object.keys(table(poetry['dev-dependencies'])),
    ...groups,
  ];
}

/**
 * Reads a pyproject.toml: the [tool.*] sections (pytest, ruff, mypy, black, isort, poetry, hatch, uv, ...), the
 * line length ruff and black enforce, the frameworks and tools among the dependencies, and uv workspace members
 * (returned as globs for detect-workspaces). Invalid TOML becomes a warning.
 */
export function detectPyproject(file: string, text: string): Findings & { uvMembers: string[]; projectName?: string } {
  const found = { ...emptyFindings(), uvMembers: [] as string[] };
  let doc: Table;
  try {
    doc = parseToml(text);
  } catch (error) {
    found.warnings.push(`${file}: not valid TOML (${(error as Error).message.split('\n')[0] ?? ''}); it was not read`);
    return found;
  }
  const tool = table(doc.tool);
  const configured = new Set<string>();
  for (const [path, id] of TOOL_TABLES) {
    const [head = '', sub] = path;
    if (!(head in tool) || (sub !== undefined && !(sub in table(tool[head])))) continue;
    configured.add(id);
    const ev = [makeEvidence(file, 'pyproject.tool-table', `[tool.${path.join('.')}] configures ${id}`)];
    found.tools.push(knownTool(id, ev, { config_file: file }));
  }
  for (const manager of MANAGERS) {
    if (!(manager in tool)) continue;
    found.packageManagers.push({ name: manager, evidence: [makeEvidence(file, 'pyproject.tool-table', `[tool.${manager}] configures ${manager}`)] });
  }
  for (const [id, key] of [['ruff', 'line-length'], ['black', 'line-length']] as const) {
    const n = table(tool[id])[key];
    if (typeof n === 'number' && Number.isInteger(n) && n > 0)
      found.inferred.push({ constraints: { max_line_length: n }, evidence: [makeEvidence(file, `${id}.config`, `[tool.${id}] ${key} = ${n}`)] });
  }
  for (const spec of dependencies(doc)) {
    const name = requirementName(spec);
    const { framework, tool: toolId } = classifyDependency(name);
    const version = requirementVersion(spec);
    const ev = [makeEvidence(file, 'pyproject.dependencies', `${name} is a dependency`)];
    if (framework) found.frameworks.push({ name: framework, ...(version ? { version } : {}), evidence: ev });
    if (toolId && !configured.has(toolId)) found.tools.push(knownTool(toolId, ev));
  }
  found.uvMembers.push(...strings(table(table(tool.uv).workspace).members));
  const name = table(doc.project).name ?? table(tool.poetry).name;
  return typeof name === 'string' ? { ...found, projectName: name } : found;
}

import type { BootstrapDiscovery, DiscoveredTool } from '../contracts/index.js';
import { classifyCommand, commandWords } from './classify-command.js';
import { detectCi } from './detect-ci.js';
import { detectConfigFiles } from './detect-config-files.js';
import { detectInfra } from './detect-infra.js';
import { detectNode, scriptsOf, type PackageJson } from './detect-node.js';
import { detectPrecommit, parsePrecommit, PRECOMMIT_FILES } from './detect-precommit.js';
import { detectPyproject } from './detect-pyproject.js';
import { detectPythonFiles } from './detect-python-files.js';
import { detectStructure } from './detect-structure.js';
import { detectStyle } from './detect-style.js';
import { detectWorkspaces } from './detect-workspaces.js';
import { addFindings, emptyFindings } from './findings.js';
import { KNOWN_TOOLS, knownTool } from './known-tools.js';
import { makeEvidence } from './make-evidence.js';
import { mergeFrameworks, mergePackageManagers, mergeTools } from './merge-findings.js';
import { parseMakefile, type Makefile } from './parse-makefile.js';
import { parseNoxfile } from './parse-noxfile.js';
import { parseTox } from './parse-tox.js';
import { parseToxToml } from './parse-tox-toml.js';
import { dirName, type RepoSnapshot } from './repo-snapshot.js';
import type { WrapperContext } from './unwrap-command.js';

/** What later stages need besides the discovery document itself. */
export interface DiscoveryContext {
  readonly wrappers: WrapperContext;
  readonly scripts: Readonly<Record<string, string>>;
  readonly makeTargets: readonly string[];
  readonly projectName?: string;
}

/** The parts of bootstrap_discovery that the detectors find in the snapshot (all but the language breakdown). */
export type RepositoryFindings = Pick<BootstrapDiscovery, 'frameworks' | 'package_managers' | 'tools' | 'ci' | 'inferred_constraints' | 'structure'>;

export interface DetectedRepository {
  readonly findings: RepositoryFindings;
  /** The detectors' warnings, in the order they were found. */
  readonly warnings: readonly string[];
  readonly context: DiscoveryContext;
}

function safeJson(text: string | undefined, file: string, warnings: string[]): PackageJson | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as PackageJson;
  } catch (error) {
    warnings.push(`${file}: not valid JSON (${(error as Error).message}); it was not read`);
    return undefined;
  }
}

const CATEGORY = { test: 'test_runner', lint: 'linter', typecheck: 'typechecker', build: 'build' } as const;

/** Tools the CI runs, with the command as CI runs it (so it wins over a tool's default command). */
function ciTools(ci: BootstrapDiscovery['ci']): DiscoveredTool[] {
  return ci.workflows.flatMap((w) =>
    w.commands.flatMap((c) => {
      const [exe = '', sub = ''] = commandWords(c.command);
      const id = exe === 'ruff' && sub === 'format' ? 'ruff-format' : exe === 'go' && sub === 'test' ? 'go-test' : exe === 'cargo' && sub === 'test' ? 'cargo-test' : exe === 'tsc' ? 'typescript' : exe;
      return c.kind !== 'other' && KNOWN_TOOLS[id] ? [knownTool(id, c.evidence, { command: c.command })] : [];
    }),
  );
}

/**
 * Runs every detector over the snapshot: frameworks, package managers, tools (wrappers unwrapped), CI commands,
 * inferred constraints and the structure, each list merged by name and sorted. It does not need the language
 * breakdown, so `uet bootstrap` runs it while the language scan is still going. Pure.
 */
export function detectRepository(snapshot: RepoSnapshot): DetectedRepository {
  const text = (f: string) => snapshot.contents.get(f);
  const found = emptyFindings();
  const pkg = safeJson(text('package.json'), 'package.json', found.warnings);
  if (pkg) addFindings(found, detectNode('package.json', pkg, snapshot.nodeAgent));
  const pyText = text('pyproject.toml');
  const py = pyText === undefined ? undefined : detectPyproject('pyproject.toml', pyText);
  if (py) addFindings(found, py);
  addFindings(found, detectPythonFiles(snapshot));
  const precommitFile = PRECOMMIT_FILES.find((f) => text(f) !== undefined);
  if (precommitFile) addFindings(found, detectPrecommit(precommitFile, text(precommitFile) ?? ''));
  addFindings(found, detectConfigFiles(snapshot));
  addFindings(found, detectInfra(snapshot));
  addFindings(found, detectStyle(snapshot));
  const makeText = ['GNUmakefile', 'makefile', 'Makefile'].map(text).find((t) => t !== undefined);
  // Makefiles of subdirectories, for `make -C dir`; make prefers GNUmakefile, then makefile, then Makefile.
  const subMakefiles = new Map<string, Makefile>();
  for (const name of ['GNUmakefile', 'makefile', 'Makefile'])
    for (const [file, t] of snapshot.contents)
      if (file.endsWith(`/${name}`) && !subMakefiles.has(dirName(file))) subMakefiles.set(dirName(file), parseMakefile(t));
  const toxText = text('tox.ini');
  const toxToml = text('tox.toml');
  const tox = toxText !== undefined ? parseTox(toxText) : toxToml !== undefined ? parseToxToml(toxToml, 'tox.toml') : pyText?.includes('[tool.tox') ? parseToxToml(pyText, 'pyproject.toml') : undefined;
  const noxText = text('noxfile.py');
  const wrappers: WrapperContext = {
    ...(tox ? { tox } : {}),
    ...(noxText !== undefined ? { nox: parseNoxfile(noxText) } : {}),
    ...(makeText !== undefined ? { make: parseMakefile(makeText) } : {}),
    ...(subMakefiles.size ? { subMakefiles } : {}),
    ...(precommitFile ? { precommit: parsePrecommit(text(precommitFile) ?? '') } : {}),
  };
  const scripts = pkg ? scriptsOf(pkg) : {};
  const { ci, warnings: ciWarnings } = detectCi(snapshot, { wrappers, scripts });
  found.warnings.push(...ciWarnings);
  const testRun = ci.workflows.flatMap((w) => w.commands).find((c) => c.kind === 'test');
  if (testRun) found.inferred.push({ constraints: { tests_must_pass: true }, evidence: [makeEvidence(testRun.evidence[0]?.file ?? '', 'ci.tests', `CI runs the tests (${testRun.command})`, testRun.evidence[0]?.line)] });
  for (const [name, t] of wrappers.make?.targets ?? []) {
    const kind = classifyCommand(`make ${name}`);
    if (kind === 'other') continue;
    const evidence = [makeEvidence('Makefile', 'make.target', `target ${name}: ${t.recipe.join('; ') || '(no recipe)'}`, t.line)];
    const toolId = `make-${name.replace(/[^A-Za-z0-9._-]/g, '-')}`.slice(0, 64);
    found.tools.push({ tool_id: toolId, category: CATEGORY[kind], command: `make ${name}`, config_file: 'Makefile', evidence });
  }
  const findings: RepositoryFindings = {
    frameworks: mergeFrameworks(found.frameworks),
    package_managers: mergePackageManagers(found.packageManagers),
    tools: mergeTools([...ciTools(ci), ...found.tools]),
    ci,
    inferred_constraints: found.inferred,
    structure: { directories: detectStructure(snapshot), workspaces: detectWorkspaces(snapshot, py?.uvMembers ?? []) },
  };
  const projectName = typeof pkg?.name === 'string' ? pkg.name : py?.projectName;
  const makeTargets = [...(wrappers.make?.targets.keys() ?? [])];
  return { findings, warnings: found.warnings, context: { wrappers, scripts, makeTargets, ...(projectName !== undefined ? { projectName } : {}) } };
}

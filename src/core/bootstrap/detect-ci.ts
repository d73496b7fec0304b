import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { BootstrapDiscovery, CICommand, CIWorkflow } from '../contracts/index.js';
import { classifyCommand, commandWords, type CommandKind } from './classify-command.js';
import { lineAt, makeEvidence } from './make-evidence.js';
import type { RepoSnapshot } from './repo-snapshot.js';
import { azureSteps, circleciSteps, jenkinsSteps, type RawStep } from './read-ci-steps.js';
import { splitShellCommands } from './split-shell-commands.js';
import { unwrapCommand, type WrapperContext } from './unwrap-command.js';

export interface CiContext {
  readonly wrappers: WrapperContext;
  /** package.json scripts, to classify `npm run <script>`. */
  readonly scripts: Readonly<Record<string, string>>;
}

/** Actions that run a known check, as the command they stand for. */
const ACTIONS: [RegExp, string][] = [
  [/^pre-commit\/action@/, 'pre-commit run --all-files'],
  [/^(astral-sh|chartboost)\/ruff-action@/, 'ruff check .'],
  [/^golangci\/golangci-lint-action@/, 'golangci-lint run'],
  [/^psf\/black@/, 'black --check .'],
];

function stepsOf(doc: Document, text: string): RawStep[] {
  const out: RawStep[] = [];
  const jobs = doc.get('jobs', true) as Node | undefined;
  for (const job of isMap(jobs) ? jobs.items : []) {
    if (!isMap(job.value)) continue;
    const jobDir = job.value.getIn(['defaults', 'run', 'working-directory']);
    const steps = job.value.get('steps', true);
    for (const step of isSeq(steps) ? steps.items : []) {
      if (!isMap(step)) continue;
      const run = step.get('run', true);
      const uses = step.get('uses');
      const name = step.get('name');
      const dir = step.get('working-directory') ?? jobDir;
      const common = {
        ...(typeof dir === 'string' && dir !== '.' && !dir.includes('${{') ? { workingDirectory: dir } : {}),
        ...(typeof name === 'string' ? { name } : {}),
      };
      if (isScalar(run) && typeof run.value === 'string') {
        const block = run.type === 'BLOCK_LITERAL' || run.type === 'BLOCK_FOLDED';
        out.push({ script: run.value, line: lineAt(text, run.range?.[0] ?? 0), block, ...common });
      } else if (typeof uses === 'string') {
        const action = ACTIONS.find(([re]) => re.test(uses));
        const at = lineAt(text, (step.get('uses', true) as Node | undefined)?.range?.[0] ?? 0);
        if (action) out.push({ script: action[1], line: at, block: false, uses, ...common });
      }
    }
  }
  return out;
}

function gitlabSteps(doc: Document, text: string): RawStep[] {
  const out: RawStep[] = [];
  const root = doc.contents;
  for (const job of isMap(root) ? root.items : []) {
    if (!isMap(job.value)) continue;
    for (const key of ['before_script', 'script']) {
      const script = job.value.get(key, true);
      for (const item of isSeq(script) ? script.items : [script]) {
        if (isScalar(item) && typeof item.value === 'string')
          out.push({ script: item.value, line: lineAt(text, item.range?.[0] ?? 0), block: false });
      }
    }
  }
  return out;
}

const SCRIPT = /^(\.{0,2}\/|[\w.-]+\/)|^(bash|sh|zsh)$|\.(sh|py)$/;
const STEP_NAMES: [RegExp, CommandKind][] = [
  [/\btests?\b|\bspecs?\b/i, 'test'],
  [/type.?check|\btypes\b/i, 'typecheck'],
  [/\blint|\bformat|\bstyle\b/i, 'lint'],
  [/\bbuild\b/i, 'build'],
];

/**
 * The kind of a command; for a script CI runs (bash x.sh, ./check, make target), what the wrapper or the step's
 * name says when the script itself says nothing.
 */
function kindOf(command: string, written: string, stepName: string | undefined, scripts: Readonly<Record<string, string>>): CommandKind {
  const kind = classifyCommand(command, scripts);
  if (kind !== 'other' || !SCRIPT.test(commandWords(command)[0] ?? '')) return kind;
  const wrapper = written !== command ? classifyCommand(written, scripts) : 'other';
  if (wrapper !== 'other') return wrapper;
  return STEP_NAMES.find(([re]) => re.test(stepName ?? ''))?.[1] ?? 'other';
}

function commandsOf(file: string, steps: readonly RawStep[], ctx: CiContext, detector: string): CICommand[] {
  const commands: CICommand[] = [];
  for (const step of steps) {
    for (const { command: written, lineIndex } of splitShellCommands(step.script)) {
      const line = step.line + lineIndex + (step.block ? 1 : 0);
      const what = step.uses ? `uses ${step.uses}` : `step ${JSON.stringify(step.name ?? written)}`;
      // A bare `tox` runs the same commands in each environment of its envlist: one of each is enough.
      const distinct = unwrapCommand(written, ctx.wrappers).filter((u, i, all) => all.findIndex((v) => v.command === u.command) === i);
      for (const u of distinct) {
        const inDir = step.workingDirectory ? `cd ${step.workingDirectory} && ${u.command}` : u.command;
        const kind = kindOf(u.command, written, step.name, ctx.scripts);
        const unwrapped = u.command !== written;
        const evidence = [makeEvidence(file, detector, `${what} runs ${u.command}${unwrapped ? ` (through ${written})` : ''}`, line)];
        if (u.from && !u.from.file.startsWith('<')) evidence.push(makeEvidence(u.from.file, 'ci.unwrap', `${written} runs ${u.command}`, u.from.line));
        commands.push({
          kind,
          command: inDir,
          ...(unwrapped ? { wrapped_by: step.uses ? `uses: ${step.uses}` : written } : {}),
          evidence,
        });
      }
    }
  }
  return commands;
}

/** CI configuration files other than GitHub's, in the order their provider is reported when there are several. */
const OTHER_CI: readonly (readonly [string, BootstrapDiscovery['ci']['provider'], string, (d: Document, t: string) => RawStep[]])[] = [
  ['.gitlab-ci.yml', 'gitlab_ci', 'ci.gitlab', gitlabSteps],
  ['.circleci/config.yml', 'circleci', 'ci.circleci', circleciSteps],
  ['azure-pipelines.yml', 'azure_pipelines', 'ci.azure-pipelines', azureSteps],
  ['azure-pipelines.yaml', 'azure_pipelines', 'ci.azure-pipelines', azureSteps],
];

/**
 * The CI provider and the commands each workflow runs, classified as test, lint, typecheck, build or other, with
 * wrappers unwrapped. Read: GitHub Actions workflows (.github/workflows/*.yml), .gitlab-ci.yml, CircleCI
 * (.circleci/config.yml), Azure Pipelines (azure-pipelines.yml) and the `sh` steps of a Jenkinsfile.
 * Unparseable workflows become warnings.
 */
export function detectCi(snapshot: RepoSnapshot, ctx: CiContext): { ci: BootstrapDiscovery['ci']; warnings: string[] } {
  const workflows: CIWorkflow[] = [];
  const warnings: string[] = [];
  const read = (file: string, steps: (d: Document, t: string) => RawStep[], detector: string) => {
    const text = snapshot.contents.get(file);
    if (text === undefined) return;
    const doc = parseDocument(text);
    if (doc.errors.length) {
      warnings.push(`${file}: not valid YAML (${doc.errors[0]?.message.split('\n')[0] ?? 'parse error'}); its commands were not read`);
      return;
    }
    const name = doc.get('name');
    workflows.push({ path: file, ...(typeof name === 'string' ? { name } : {}), commands: commandsOf(file, steps(doc, text), ctx, detector) });
  };
  const github = snapshot.files.filter((f) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(f));
  for (const file of github) read(file, stepsOf, 'ci.github-actions');
  const others = OTHER_CI.filter(([file]) => snapshot.files.includes(file));
  for (const [file, , detector, steps] of others) read(file, steps, detector);
  const jenkins = snapshot.contents.get('Jenkinsfile');
  if (jenkins !== undefined) workflows.push({ path: 'Jenkinsfile', commands: commandsOf('Jenkinsfile', jenkinsSteps(jenkins), ctx, 'ci.jenkins') });
  const provider: BootstrapDiscovery['ci']['provider'] = github.length
    ? 'github_actions'
    : (others[0]?.[1] ?? (snapshot.files.includes('Jenkinsfile') ? 'jenkins' : 'none'));
  return { ci: { provider, workflows }, warnings };
}

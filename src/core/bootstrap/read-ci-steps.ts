import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import { lineAt } from './make-evidence.js';

/** A script a CI step runs, where it is written, and what it says about itself. */
export interface RawStep {
  readonly script: string;
  readonly line: number;
  /** Block scalars start on the line after their key. */
  readonly block: boolean;
  readonly workingDirectory?: string;
  readonly name?: string;
  readonly uses?: string;
}

/** A relative directory CI runs a step in (absolute, home-relative and templated ones are left out). */
const relativeDir = (dir: unknown): string | undefined =>
  typeof dir === 'string' && dir !== '.' && !/^[~/$]|\$\{|\$\(|\{\{/.test(dir) ? dir.replace(/^\.\//, '') : undefined;

function scriptStep(value: Node | null | undefined, text: string, extra: { name?: unknown; dir?: unknown }): RawStep | undefined {
  if (!isScalar(value) || typeof value.value !== 'string') return undefined;
  const dir = relativeDir(extra.dir);
  return {
    script: value.value,
    line: lineAt(text, value.range?.[0] ?? 0),
    block: value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED',
    ...(dir !== undefined ? { workingDirectory: dir } : {}),
    ...(typeof extra.name === 'string' ? { name: extra.name } : {}),
  };
}

const mapsOf = (node: unknown): YAMLMap[] => (isMap(node) ? node.items.map((p) => p.value).filter(isMap) : []);

/**
 * CircleCI (.circleci/config.yml): the `run` steps of every job and reusable command, written as
 * `- run: <command>` or `- run: {name, command, working_directory}`.
 */
export function circleciSteps(doc: Document, text: string): RawStep[] {
  const out: RawStep[] = [];
  for (const holder of [...mapsOf(doc.get('jobs', true)), ...mapsOf(doc.get('commands', true))]) {
    const jobDir = holder.get('working_directory');
    const steps = holder.get('steps', true);
    for (const step of isSeq(steps) ? steps.items : []) {
      const run = isMap(step) ? step.get('run', true) : undefined;
      const found = isMap(run)
        ? scriptStep(run.get('command', true), text, { name: run.get('name'), dir: run.get('working_directory') ?? jobDir })
        : scriptStep(run, text, { dir: jobDir });
      if (found) out.push(found);
    }
  }
  return out;
}

/** Steps of an Azure Pipelines step list: `script`, `bash`, `pwsh` and `powershell`, with displayName. */
function azureStepList(steps: unknown, text: string, out: RawStep[]): void {
  for (const step of isSeq(steps) ? steps.items : []) {
    if (!isMap(step)) continue;
    for (const key of ['script', 'bash', 'pwsh', 'powershell']) {
      const found = scriptStep(step.get(key, true), text, { name: step.get('displayName'), dir: step.get('workingDirectory') });
      if (found) out.push(found);
    }
  }
}

/** Azure Pipelines (azure-pipelines.yml): steps at the top level, in `jobs`, and in `stages` of jobs. */
export function azureSteps(doc: Document, text: string): RawStep[] {
  const out: RawStep[] = [];
  const jobsOf = (jobs: unknown) => {
    for (const job of isSeq(jobs) ? jobs.items : []) if (isMap(job)) azureStepList(job.get('steps', true), text, out);
  };
  azureStepList(doc.get('steps', true), text, out);
  jobsOf(doc.get('jobs', true));
  const stages = doc.get('stages', true);
  for (const stage of isSeq(stages) ? stages.items : []) if (isMap(stage)) jobsOf(stage.get('jobs', true));
  return out;
}

/** Groovy tokens that matter: comments and strings (skipped, or an `sh` script), stage and dir blocks, braces. */
const GROOVY =
  /\/\/[^\n]*|\/\*[\s\S]*?\*\/|\b(stage|dir)\s*\(\s*(['"])((?:\\.|(?!\2).)*)\2\s*\)\s*\{|\bsh\s*\(?\s*(?:script\s*:\s*)?('''|"""|'|")((?:\\[\s\S]|(?!\4)[\s\S])*?)\4|'''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|[{}]/g;

/**
 * Jenkins (Jenkinsfile, declarative or scripted): the scripts of `sh '...'`, `sh "..."`, `sh '''...'''`
 * and `sh(script: '...')` steps, named after the stage around them, in the directory of the `dir('x')`
 * blocks around them. Groovy is not parsed, only tokenized: strings and comments are skipped so that the
 * braces inside them do not count.
 */
export function jenkinsSteps(text: string): RawStep[] {
  const out: RawStep[] = [];
  const blocks: { stage?: string; dir?: string }[] = [];
  for (const m of text.matchAll(GROOVY)) {
    const token = m[0];
    if (m[1] !== undefined) blocks.push(m[1] === 'stage' ? { stage: m[3]! } : { dir: m[3]! });
    else if (token === '{') blocks.push({});
    else if (token === '}') blocks.pop();
    else if (m[4] !== undefined) {
      const stage = blocks.findLast((b) => b.stage !== undefined)?.stage;
      const dir = relativeDir(blocks.filter((b) => b.dir !== undefined).map((b) => b.dir).join('/') || undefined);
      const body = m[5]!;
      const triple = m[4].length === 3;
      out.push({
        script: triple ? body : body.replace(/\\(['"\\$])/g, '$1'),
        line: lineAt(text, (m.index ?? 0) + token.indexOf(m[4]) + m[4].length),
        block: false,
        ...(dir !== undefined ? { workingDirectory: dir } : {}),
        ...(stage !== undefined ? { name: stage } : {}),
      });
    }
  }
  return out;
}

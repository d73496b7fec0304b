import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { AI_TOOLS } from '../../core/bootstrap/ai-tools.js';
import { buildDiscovery } from '../../core/bootstrap/build-discovery.js';
import { buildFailedReport, buildReport } from '../../core/bootstrap/build-report.js';
import { computeSignals } from '../../core/bootstrap/compute-signals.js';
import type { ArtifactChange } from '../../core/bootstrap/describe-change.js';
import type { LanguageScan, LanguageScanner } from '../../core/bootstrap/language-scanner.js';
import type { LoadedProfile } from '../../core/bootstrap/plan-artifacts.js';
import { planBootstrap } from '../../core/bootstrap/plan-bootstrap.js';
import type { BootstrapReport, Generator } from '../../core/contracts/index.js';
import { InputError, UetError, UsageError } from '../../core/errors.js';
import { isGitRepo, revParse, showToplevel } from '../git/repo-queries.js';
import { findExecutables } from './find-executables.js';
import { scanLanguages } from './languages/scan-languages.js';
import { listRepoFiles } from './list-repo-files.js';
import { loadProfiles } from './load-profiles.js';
import { readRepoSnapshot } from './read-repo-snapshot.js';
import { writeArtifacts } from './write-artifacts.js';

export interface BootstrapOptions {
  /** The directory as the user gave it. */
  readonly dir: string;
  /** What a relative `dir` is resolved against. */
  readonly cwd: string;
  readonly write: boolean;
  /** Owner of the UET action in the generated workflow. */
  readonly owner: string;
  /** A profile chosen by a person; skips the selector's verdict. */
  readonly profile?: string;
}

export interface BootstrapDeps {
  readonly now: () => number;
  readonly generator: Generator;
  /** The PATH to look tools up on. */
  readonly path: string | undefined;
  /** Defaults to the Linguist-compatible scanner. */
  readonly scanLanguages?: LanguageScanner;
  /** Defaults to the profiles shipped with uet. */
  readonly profiles?: ReadonlyMap<string, LoadedProfile>;
}

export interface BootstrapOutcome {
  readonly report: BootstrapReport;
  /** How each artifact changes (or would change) the file at its path. */
  readonly changes: ReadonlyMap<string, ArtifactChange>;
}

/** Checks the input: an existing directory inside a git work tree with at least one file; returns the top. */
async function assertRepository(dir: string, shown: string): Promise<{ top: string; files: string[] }> {
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new UsageError(`${shown}: no such directory`);
  if (!(await isGitRepo(dir))) throw new UsageError(`${shown}: not a git repository (run \`git init\` and add the project's files first)`);
  const top = await showToplevel(dir);
  const files = await listRepoFiles(top);
  if (!files.length) throw new InputError(shown, 'the repository is empty: no file is committed, staged or untracked; add the project first');
  return { top, files };
}

/**
 * `uet bootstrap`, the orchestrator: checks the repository (UsageError or InputError on bad input), scans the
 * languages and runs the detectors (discovery), plans the artifacts (selection, composition, generation,
 * validation with auto-fixes; pure), compares them with the files there and writes them when asked and not
 * ambiguous, and returns the bootstrap_report. A failure of bootstrap itself (a scanner crash, a broken profile)
 * gives a report with status failed instead of an exception.
 */
export async function runBootstrap(options: BootstrapOptions, deps: BootstrapDeps): Promise<BootstrapOutcome> {
  const generatedAt = () => new Date(deps.now()).toISOString();
  const { top, files } = await assertRepository(resolve(options.cwd, options.dir), options.dir);
  let languages: LanguageScan;
  try {
    languages = await (deps.scanLanguages ?? scanLanguages)(top);
  } catch (error) {
    if (error instanceof UetError && (error.code === 'usage' || error.code === 'input')) throw error;
    return { report: buildFailedReport(`language detection failed: ${(error as Error).message}`, generatedAt(), deps.generator), changes: new Map() };
  }
  const { snapshot, warnings } = await readRepoSnapshot(top, files);
  const commit = (await revParse(top, 'HEAD')) ?? undefined;
  const { discovery, context } = buildDiscovery({
    root: options.dir,
    snapshot,
    languages,
    ...(commit !== undefined ? { commit } : {}),
    generatedAt: generatedAt(),
    generator: deps.generator,
    warnings,
  });
  try {
    const profiles = deps.profiles ?? (await loadProfiles());
    if (options.profile !== undefined && !profiles.has(options.profile))
      throw new UsageError(`unknown profile "${options.profile}" for --profile; known profiles: ${[...profiles.keys()].join(', ')}`);
    const executables = await findExecutables(deps.path);
    const plan = planBootstrap({
      discovery,
      context,
      signals: computeSignals(snapshot),
      profiles,
      executables,
      repoFiles: new Set(files),
      fallbackName: basename(top),
      owner: options.owner,
      ...(options.profile !== undefined ? { forcedProfile: options.profile } : {}),
      generatedAt: generatedAt(),
      generator: deps.generator,
    });
    const write = options.write && plan.status !== 'needs_human';
    const written = await writeArtifacts(top, plan.artifacts, write);
    const aiToolsFound = AI_TOOLS.filter((t) => executables.has(t.binary)).map((t) => t.id);
    const report = buildReport({ plan, discovery, artifacts: written.artifacts, write: options.write, aiToolsFound, generatedAt: generatedAt(), generator: deps.generator });
    return { report, changes: written.changes };
  } catch (error) {
    if (error instanceof UetError && (error.code === 'usage' || error.code === 'input')) throw error;
    return { report: buildFailedReport(`bootstrap failed: ${(error as Error).message}`, generatedAt(), deps.generator, discovery), changes: new Map() };
  }
}

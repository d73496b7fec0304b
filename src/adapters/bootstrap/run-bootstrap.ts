import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { AI_TOOLS } from '../../core/bootstrap/ai-tools.js';
import { assembleDiscovery } from '../../core/bootstrap/build-discovery.js';
import { buildFailedReport, buildReport } from '../../core/bootstrap/build-report.js';
import { computeSignals } from '../../core/bootstrap/compute-signals.js';
import type { ArtifactChange } from '../../core/bootstrap/describe-change.js';
import { detectRepository } from '../../core/bootstrap/detect-repository.js';
import type { LanguageScanner } from '../../core/bootstrap/language-scanner.js';
import type { LoadedProfile } from '../../core/bootstrap/plan-artifacts.js';
import { planBootstrap } from '../../core/bootstrap/plan-bootstrap.js';
import { selectProfile } from '../../core/bootstrap/select-profile.js';
import type { BootstrapReport, Generator } from '../../core/contracts/index.js';
import { InputError, UetError, UsageError } from '../../core/errors.js';
import { GitError } from '../git/git-error.js';
import { runGit } from '../git/run-git.js';
import { findExecutables } from './find-executables.js';
import { listRepoFiles } from './list-repo-files.js';
import { loadProfiles, loadTemplates, shippedProfilesDir } from './load-profiles.js';
import { readRepoSnapshot } from './read-repo-snapshot.js';
import { writeArtifacts } from './write-artifacts.js';
import { classifyRepoDir } from '../git/repo-problem.js';

export interface BootstrapOptions {
  /** The directory as the user gave it. */
  readonly dir: string;
  /** What a relative `dir` is resolved against. */
  readonly cwd: string;
  readonly write: boolean;
  /** With write: replace artifacts that exist and differ (they are kept otherwise). */
  readonly force?: boolean;
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

interface Top {
  /** The top directory of the work tree. */
  readonly top: string;
  /** HEAD's commit, undefined without commits. */
  readonly commit?: string;
}

/** Why git refused the directory, from rev-parse's stderr: its first `fatal:` line, with the remedy git suggests. */
function gitRefusal(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim());
  const fatal = lines.find((l) => l.startsWith('fatal: '))?.slice('fatal: '.length);
  if (!fatal || fatal.startsWith('not a git repository')) return undefined;
  const remedy = lines.find((l) => l.startsWith('git config '));
  return remedy ? `${fatal} (to trust it: ${remedy})` : fatal;
}

/**
 * Checks the input: an existing directory inside a git work tree; returns its top directory and HEAD's commit.
 * One git process: whether `dir` is in a work tree, its top, then HEAD's commit (without commits, git echoes
 * `HEAD^{commit}` and fails). The top is every line between the first and the last, since a path may hold a
 * newline.
 */
async function findTop(dir: string, shown: string): Promise<Top> {
  const kind = await stat(dir).then((s) => (s.isDirectory() ? 'dir' : 'other'), () => 'missing');
  if (kind === 'missing') throw new UsageError(`${shown}: no such directory`);
  if (kind === 'other') throw new UsageError(`${shown}: not a directory (give the repository's directory)`);
  const out = await runGit(dir, ['rev-parse', '--is-inside-work-tree', '--show-toplevel', 'HEAD^{commit}'], { okCodes: [0, 128] }).catch(() => undefined);
  const lines = out?.stdout.replace(/\n$/, '').split('\n') ?? [];
  const inside = lines[0];
  const top = lines.length > 2 ? lines.slice(1, -1).join('\n') : (lines[1] ?? '');
  const head = lines.length > 2 ? lines[lines.length - 1]! : '';
  if (inside === 'false') throw new UsageError(`${shown}: not a work tree (a bare repository or a .git directory): bootstrap a checkout of the repository`);
  if (inside !== 'true' || !top) {
    // A repository owned by another user is explained in the words of every command (with the command that trusts it).
    const problem = await classifyRepoDir(dir);
    if (problem?.kind === 'dubious_ownership' || problem?.kind === 'no_git')
      throw new UsageError(problem.message.startsWith(`${dir}:`) ? `${shown}${problem.message.slice(dir.length)}` : problem.message);
    const refusal = out ? gitRefusal(out.stderr) : undefined;
    throw new UsageError(refusal ? `${shown}: git refuses this repository: ${refusal}` : `${shown}: not a git repository (run \`git init\` and add the project's files first)`);
  }
  return out?.code === 0 && /^[0-9a-f]{40,64}$/.test(head) ? { top, commit: head } : { top };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
/** A promise that never rejects, so that work started early cannot become an unhandled rejection. */
const settle = <T>(p: Promise<T>): Promise<Settled<T>> => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
/** The outcome of a synchronous step, kept to be reported where the step used to run. */
const attempt = <T>(f: () => T): Settled<T> => {
  try {
    return { ok: true, value: f() };
  } catch (error) {
    return { ok: false, error };
  }
};
/** The Linguist-compatible scanner, loaded only when no scanner is injected (uet scans in a worker thread). */
const scanLanguages: LanguageScanner = async (dir) => (await import('./languages/scan-languages.js')).scanLanguages(dir);
const isBadInput = (error: unknown) => error instanceof UetError && (error.code === 'usage' || error.code === 'input');
/** An error's message on one line (git's messages span several), for the report's single error. */
const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();

/**
 * `uet bootstrap`, the orchestrator: checks the repository (UsageError or InputError on bad input), scans the
 * languages and runs the detectors (discovery), plans the artifacts (selection, composition, generation,
 * validation with auto-fixes; pure), compares them with the files there and writes them when asked and not
 * ambiguous, and returns the bootstrap_report. A failure of bootstrap itself (a scanner crash, a broken profile)
 * gives a report with status failed instead of an exception. The language scan (mostly git's work in other
 * processes), the file list, the snapshot, the profiles and the PATH lookup run concurrently.
 */
export async function runBootstrap(options: BootstrapOptions, deps: BootstrapDeps): Promise<BootstrapOutcome> {
  const generatedAt = () => new Date(deps.now()).toISOString();
  const shown = options.dir || '.';
  const { top, commit } = await findTop(resolve(options.cwd, options.dir), shown);
  // Without a commit the language breakdown reads the index, as GitHub would read the first commit.
  // A failure of git here is left to the listing below, which reports it.
  const staged = commit !== undefined || (await runGit(top, ['ls-files', '-z']).then((r) => r.stdout !== '', () => true));
  if (!staged)
    throw new InputError(shown, 'the repository is empty: nothing is committed or staged (untracked files do not count: the language breakdown reads the last commit or the index, as GitHub does); `git add` the project first');
  const scanning = settle((deps.scanLanguages ?? scanLanguages)(top));
  const listing = settle(listRepoFiles(top).then(async (files) => ({ files, read: files.length ? await readRepoSnapshot(top, files) : undefined })));
  // Phase templates are read for the chosen profile only (below), once the discovery has settled the choice.
  const loading = settle(Promise.resolve(deps.profiles ?? loadProfiles(shippedProfilesDir, { templatesOf: new Set() })));
  const finding = settle(findExecutables(deps.path));
  const listed = await listing;
  // git failing to list the files of a repository it accepted means a damaged repository (a corrupt index, say).
  if (!listed.ok) throw listed.error instanceof GitError ? new InputError(shown, `git cannot list the repository's files: ${oneLine(listed.error)}`, { cause: listed.error }) : listed.error;
  const { files, read } = listed.value;
  if (!read) throw new InputError(shown, 'nothing is checked out: the index and the working tree have no file; check out the project first');
  const { snapshot, warnings } = read;
  // Everything that does not need the language breakdown runs while the scan goes on.
  const detected = attempt(() => detectRepository(snapshot));
  const signalled = attempt(() => computeSignals(snapshot));
  const scanned = await scanning;
  if (!scanned.ok) {
    if (isBadInput(scanned.error)) throw scanned.error;
    return { report: buildFailedReport(`language detection failed: ${oneLine(scanned.error)}`, generatedAt(), deps.generator), changes: new Map() };
  }
  if (!detected.ok) throw detected.error;
  const discovery = assembleDiscovery(detected.value, {
    root: shown,
    snapshot,
    languages: scanned.value,
    ...(commit !== undefined ? { commit } : {}),
    generatedAt: generatedAt(),
    generator: deps.generator,
    warnings,
  });
  const { context } = detected.value;
  try {
    const loaded = await loading;
    if (!loaded.ok) throw loaded.error;
    const profiles = new Map(loaded.value);
    if (options.profile !== undefined && !profiles.has(options.profile))
      throw new UsageError(`unknown profile "${options.profile}" for --profile; known profiles: ${[...profiles.keys()].join(', ')}`);
    if (!signalled.ok) throw signalled.error;
    const signals = signalled.value;
    if (!deps.profiles) {
      const { profileId } = selectProfile(discovery, signals, options.profile !== undefined ? { forced: options.profile } : {});
      const chosen = profiles.get(profileId);
      if (chosen) profiles.set(profileId, { ...chosen, templates: await loadTemplates(shippedProfilesDir, profileId, chosen.profile) });
    }
    const found = await finding;
    if (!found.ok) throw found.error;
    const executables = found.value;
    const plan = planBootstrap({
      discovery,
      context,
      signals,
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
    const written = await writeArtifacts(top, plan.artifacts, { write, force: options.force === true });
    const aiToolsFound = AI_TOOLS.filter((t) => executables.has(t.binary)).map((t) => t.id);
    const report = buildReport({ plan, discovery, artifacts: written.artifacts, kept: written.kept, write: options.write, aiToolsFound, generatedAt: generatedAt(), generator: deps.generator, dir: options.dir });
    return { report, changes: written.changes };
  } catch (error) {
    if (isBadInput(error)) throw error;
    return { report: buildFailedReport(`bootstrap failed: ${oneLine(error)}`, generatedAt(), deps.generator, discovery), changes: new Map() };
  }
}

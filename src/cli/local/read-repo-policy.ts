import { checkLocalRepo } from '../../adapters/executor/prepare-local-run.js';
import { readFileAt } from '../../adapters/git/read-file-at.js';
import { revParse } from '../../adapters/git/repo-queries.js';
import { APP_CONFIG_PATH } from '../../app/config/app-config.js';
import { DEFAULT_LOCKS_CONFIG, type LocksConfig } from '../../app/config/automation-config.js';
import { parseAppConfig } from '../../app/config/read-app-config.js';
import { recordRepoPolicy } from '../../app/config/record-repo-policy.js';
import type { RepoPolicy } from '../../core/contracts/index.js';
import { ContractError } from '../../core/errors.js';

export interface LocalRepoPolicy {
  /** The commit it was read at: the run must start there (HEAD when the run is created). */
  readonly commit: string;
  /** undefined: the commit has no `.github/uet.yml`. */
  readonly policy: RepoPolicy | undefined;
  /** Its `locks` (ADR 0024), defaults applied: what a run does when another holds the lock of overlapping paths. */
  readonly locks: LocksConfig;
}

/**
 * The repository owner's patch policy for a local run: the `policy` block of `.github/uet.yml` as committed at HEAD
 * (the run's base commit), so that `uet run` holds every patch to the same rules as the app does on GitHub. The
 * working tree's copy is not read: uncommitted edits are not part of the run. An invalid file is bad input (every
 * issue with its JSON pointer), checked before anything is written. undefined policy: no such file at HEAD. A directory
 * that is not a usable repository is refused as createLocalRun would refuse it (checkLocalRepo, which writes nothing).
 */
export async function readRepoPolicy(repoDir: string): Promise<LocalRepoPolicy | undefined> {
  const { repoRoot } = await checkLocalRepo(repoDir); // not a repository, no such directory: its own clear error
  const commit = await revParse(repoRoot, 'HEAD');
  if (commit === null) return undefined; // no commit yet (uet run --init makes the first)
  const text = await readFileAt(repoRoot, commit, APP_CONFIG_PATH);
  if (text === undefined) return { commit, policy: undefined, locks: DEFAULT_LOCKS_CONFIG };
  const checked = parseAppConfig(text);
  if (!checked.ok) throw new ContractError(`${APP_CONFIG_PATH} (at ${commit.slice(0, 12)})`, checked.issues);
  return { commit, policy: recordRepoPolicy(checked.value.policy, `${APP_CONFIG_PATH} at ${commit.slice(0, 12)}`), locks: checked.value.locks ?? DEFAULT_LOCKS_CONFIG };
}

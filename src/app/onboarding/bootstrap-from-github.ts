import { readGitHubLanguages } from '../../adapters/github/read-github-languages.js';
import { readGitHubSnapshot, type GitHubSnapshot } from '../../adapters/github/read-github-snapshot.js';
import type { GitTreeListing } from '../../adapters/github/read-git-tree.js';
import type { RequestBudget } from '../../adapters/github/request-budget.js';
import { loadProfiles, loadTemplates, shippedProfilesDir } from '../../adapters/bootstrap/load-profiles.js';
import { packageVersion } from '../../adapters/package-root.js';
import { assembleDiscovery } from '../../core/bootstrap/build-discovery.js';
import { computeSignals } from '../../core/bootstrap/compute-signals.js';
import { detectRepository } from '../../core/bootstrap/detect-repository.js';
import { scanLanguagesByName } from '../../core/bootstrap/languages/scan-languages-by-name.js';
import type { LoadedProfile } from '../../core/bootstrap/plan-artifacts.js';
import { planBootstrap, type BootstrapPlan } from '../../core/bootstrap/plan-bootstrap.js';
import { selectProfile } from '../../core/bootstrap/select-profile.js';
import type { BootstrapDiscovery } from '../../core/contracts/index.js';
import { mergeLanguages, type LanguageSources } from '../../core/onboarding/merge-languages.js';
import { runnerExecutables } from '../../core/onboarding/runner-executables.js';
import type { RepoScope } from '../scope/repo-scope.js';

export interface GitHubBootstrap {
  readonly plan: BootstrapPlan;
  readonly discovery: BootstrapDiscovery;
  readonly sources: LanguageSources;
  readonly read: GitHubSnapshot;
}

let shipped: Promise<Map<string, LoadedProfile>> | undefined;
const templates = new Map<string, Promise<LoadedProfile['templates']>>();

/** The shipped profiles (read once per process), with the phase templates of `id`. */
async function profilesFor(id: string): Promise<Map<string, LoadedProfile>> {
  shipped ??= loadProfiles(shippedProfilesDir, { templatesOf: new Set() });
  shipped.catch(() => (shipped = undefined));
  const profiles = new Map(await shipped);
  const chosen = profiles.get(id);
  if (chosen) {
    const loading = templates.get(id) ?? loadTemplates(shippedProfilesDir, id, chosen.profile);
    templates.set(id, loading);
    profiles.set(id, { ...chosen, templates: await loading });
  }
  return profiles;
}

/**
 * `uet bootstrap` on a repository's default branch through GitHub's API (ADR 0022): the snapshot from the tree and
 * the blobs the detectors want (readGitHubSnapshot), the same detectors, signals, selector and plan as locally, the
 * language breakdown from GitHub and from file names (mergeLanguages, which says which is which), and the executables
 * of a GitHub-hosted runner instead of the app host's PATH.
 */
export async function bootstrapFromGitHub(
  scope: RepoScope,
  o: {
    readonly commit: string;
    readonly listing: GitTreeListing;
    readonly blobBudget: RequestBudget;
    readonly maxBlobs: number;
    readonly owner: string;
    readonly profile?: string;
  },
): Promise<GitHubBootstrap> {
  const read = await readGitHubSnapshot(scope.gh, scope.repo, o.listing, o.blobBudget, {
    maxBlobs: o.maxBlobs,
  });
  const { snapshot } = read;
  const generatedAt = new Date(scope.clock.now()).toISOString();
  const generator = { name: 'uet', version: packageVersion() };
  const detected = detectRepository(snapshot);
  const signals = computeSignals(snapshot);
  const github = await readGitHubLanguages(scope.gh, scope.repo);
  const { scan, sources } = mergeLanguages(scanLanguagesByName(read.entries, { commit: o.commit }), github);
  const unlisted = o.listing.unlisted.length
    ? [
        `${o.listing.unlisted.length} directories were not listed (request budget): ${o.listing.unlisted.slice(0, 5).join(', ')}`,
      ]
    : [];
  const discovery = assembleDiscovery(detected, {
    root: scope.fullName,
    snapshot,
    languages: scan,
    commit: o.commit,
    generatedAt,
    generator,
    warnings: [...unlisted, ...read.warnings],
  });
  const forced = o.profile !== undefined ? { forced: o.profile } : {};
  const { profileId } = selectProfile(discovery, signals, forced);
  const profiles = await profilesFor(profileId);
  const plan = planBootstrap({
    discovery,
    context: detected.context,
    signals,
    profiles,
    executables: runnerExecutables(discovery),
    repoFiles: new Set(snapshot.files),
    fallbackName: scope.repo.repo,
    owner: o.owner,
    ...(o.profile !== undefined ? { forcedProfile: o.profile } : {}),
    generatedAt,
    generator,
  });
  return { plan, discovery, sources, read };
}

/** The ids of the shipped profiles, for `/uet bootstrap --profile`. */
export async function shippedProfileIds(): Promise<string[]> {
  shipped ??= loadProfiles(shippedProfilesDir, { templatesOf: new Set() });
  return [...(await shipped).keys()];
}

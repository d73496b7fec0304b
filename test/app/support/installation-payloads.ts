import { rawExamples, type RepoFacts } from '../../fixtures/github/webhook-payloads.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- payloads are JSON of any shape
type Json = any;

/**
 * The first example of an installation event, brought up to GitHub's schema. No example of `installation.created` or
 * `installation_repositories.added` in webhooks-examples 7.6.1 is valid against @octokit/openapi-webhooks 12.1.0: the
 * installation lacks `app_slug` (and `suspended_at`/`suspended_by` in one), its times are Unix numbers where the
 * schema wants date-time strings, and one lacks the top-level `requester` (nullable). Those fields are set here,
 * nothing else changes; the harnesses validate the result before delivering it.
 */
function example(name: string, action: string): Json {
  const p = structuredClone(rawExamples(name, action)[0]);
  p.installation = {
    ...p.installation,
    app_slug: 'uet-app',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    suspended_at: null,
    suspended_by: null,
  };
  p.requester ??= null;
  return p;
}

/** Who installs, and which repositories the event lists (full names; the simulated repository by default). */
export interface InstallationOptions {
  readonly repositories?: readonly string[];
  readonly sender?: string;
}

/** An installation event of the simulated installation, by `sender`, listing the repositories under `field`. */
function installationEvent(
  name: string,
  action: string,
  field: string,
  repo: RepoFacts,
  o: InstallationOptions,
): Json {
  const p = example(name, action);
  const sender = o.sender ?? 'alice';
  p.installation = {
    ...p.installation,
    id: repo.installationId,
    account: { ...p.installation.account, login: repo.owner },
    repository_selection: 'selected',
  };
  p.sender = { ...p.sender, login: sender, type: 'User' };
  if (p.requester) p.requester = { ...p.requester, login: sender };
  p[field] = (o.repositories ?? [repo.fullName]).map((fullName: string, i: number) => ({
    id: 186853002 + i,
    node_id: `R_${186853002 + i}`,
    name: fullName.split('/')[1]!,
    full_name: fullName,
    private: false,
  }));
  return p;
}

/**
 * `installation.created` from GitHub's own example (@octokit/webhooks-examples; every harness validates it against
 * @octokit/openapi-webhooks), for the simulated installation.
 */
export const installationCreated = (repo: RepoFacts, o: InstallationOptions = {}): Json =>
  installationEvent('installation', 'created', 'repositories', repo, o);

/** `installation_repositories.added` from GitHub's own example: the repositories were added to the installation. */
export const installationRepositoriesAdded = (repo: RepoFacts, o: InstallationOptions = {}): Json => ({
  ...installationEvent('installation_repositories', 'added', 'repositories_added', repo, o),
  repositories_removed: [],
});

import { rawExamples, type RepoFacts } from '../../fixtures/github/webhook-payloads.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- payloads are JSON of any shape
type Json = any;

/** A repository as installation payloads list it (id, node_id, name, full_name, private). */
const listed = (fullName: string, id: number) => ({
  id,
  node_id: `R_${id}`,
  name: fullName.split('/')[1]!,
  full_name: fullName,
  private: false,
});

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

function withInstallation(p: Json, repo: RepoFacts, sender: string): Json {
  p.installation = {
    ...p.installation,
    id: repo.installationId,
    account: { ...p.installation.account, login: repo.owner },
    repository_selection: 'selected',
  };
  p.sender = { ...p.sender, login: sender, type: 'User' };
  return p;
}

/**
 * `installation.created` from GitHub's own example (@octokit/webhooks-examples; every harness validates it against
 * @octokit/openapi-webhooks), for the simulated installation, listing `repositories` (full names).
 */
export function installationCreated(
  repo: RepoFacts,
  o: { repositories?: readonly string[]; sender?: string } = {},
): Json {
  const p = withInstallation(example('installation', 'created'), repo, o.sender ?? 'alice');
  p.repositories = (o.repositories ?? [repo.fullName]).map((name, i) => listed(name, 186853002 + i));
  if (p.requester) p.requester = { ...p.requester, login: o.sender ?? 'alice' };
  return p;
}

/** `installation_repositories.added` from GitHub's own example: `repositories` were added to the installation. */
export function installationRepositoriesAdded(
  repo: RepoFacts,
  o: { repositories?: readonly string[]; sender?: string } = {},
): Json {
  const p = withInstallation(example('installation_repositories', 'added'), repo, o.sender ?? 'alice');
  p.repositories_added = (o.repositories ?? [repo.fullName]).map((name, i) => listed(name, 286853002 + i));
  p.repositories_removed = [];
  if (p.requester) p.requester = { ...p.requester, login: o.sender ?? 'alice' };
  return p;
}

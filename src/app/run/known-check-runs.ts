import { listCheckRuns } from '../../adapters/github/check-runs.js';
import type { GitHubClient, RepoRef } from '../../adapters/github/github-client.js';
import type { Clock } from '../../core/ports.js';

/** How long a listing of a commit's check runs is trusted (another replica's checks show after this at most). */
export const KNOWN_CHECKS_TTL_MS = 5 * 60_000;
/** Commits remembered at most, the least recently listed dropped first. */
const MAX_COMMITS = 256;

/** What `has` needs of a repository scope. */
export interface CheckRunsScope {
  readonly gh: GitHubClient;
  readonly repo: RepoRef;
  readonly fullName: string;
  readonly appId?: number;
}

/**
 * The external ids of the check runs on a commit, as this app instance knows them: one listing of the commit's
 * check runs of this app (a read per page of 100), then every check the instance creates there. A step's check
 * run is looked up before it is created, so that a redelivered or repeated completion creates no second one; with
 * this, a run of n steps on one commit costs one read for its lookups instead of n. In memory, per instance: a new
 * process lists again, and a listing older than `ttlMs` is read again, so a check another replica created shows
 * within that time.
 */
export interface KnownCheckRuns {
  has(scope: CheckRunsScope, headSha: string, externalId: string): Promise<boolean>;
  /** Records a check run this instance created. */
  add(scope: CheckRunsScope, headSha: string, externalId: string): void;
  /**
   * Whether the caller is the one to create this check run: false when the listing has it or this instance already
   * claimed it; else it is recorded at once, with no await between the look-up and the record, so two deliveries
   * (or a delivery and the reconciler) handled at once never both create it. `release` undoes a claim whose create
   * failed.
   */
  claim(scope: CheckRunsScope, headSha: string, externalId: string): Promise<boolean>;
  release(scope: CheckRunsScope, headSha: string, externalId: string): void;
  /**
   * The id of this app's check run with this name and external id on the commit, from the same listing (the newest
   * when there are several), or undefined when the listing and this instance's own creates have none: the run
   * check's lookup at the end of a run costs no read while the listing is fresh.
   */
  find(scope: CheckRunsScope, headSha: string, name: string, externalId: string): Promise<number | undefined>;
  /** Records the id of a check run this instance created (so that `find` answers it). */
  created(scope: CheckRunsScope, headSha: string, name: string, externalId: string, id: number): void;
}

interface Listing {
  readonly at: number;
  readonly ids: Promise<Set<string>>;
  /** Check run ids by `name NUL external id`, the newest kept. */
  readonly byName: Promise<Map<string, number>>;
}

const nameKey = (name: string, externalId: string) => `${name}\u0000${externalId}`;
const keep = (byName: Map<string, number>, key: string, id: number) =>
  byName.set(key, Math.max(id, byName.get(key) ?? id));

export function createKnownCheckRuns(clock: Clock, ttlMs = KNOWN_CHECKS_TTL_MS): KnownCheckRuns {
  const listings = new Map<string, Listing>();
  // Check runs this instance created on a commit it has no listing of (the run check a start creates, whose steps'
  // checks may go on another commit: a follow-up's on its new head): `find` answers them with no listing. A check
  // run's id never changes, so this is never stale; a start creates the run check only when it created the run's
  // ledger or found no run check on GitHub, so another replica's is not expected.
  const own = new Map<string, number>();
  const ownKey = (scope: CheckRunsScope, sha: string, name: string, externalId: string) =>
    `${keyOf(scope, sha)}\u0000${nameKey(name, externalId)}`;
  const keyOf = (scope: CheckRunsScope, sha: string) => `${scope.fullName}@${sha}`;
  const list = (scope: CheckRunsScope, sha: string): Listing => {
    const key = keyOf(scope, sha);
    const known = listings.get(key);
    if (known && clock.now() - known.at < ttlMs) return known;
    const runs = listCheckRuns(scope.gh, scope.repo, sha, {
      ...(scope.appId !== undefined ? { appId: scope.appId } : {}),
    });
    const ids = runs.then((rs) => new Set(rs.flatMap((r) => (r.externalId !== null ? [r.externalId] : []))));
    const byName = runs.then((rs) => {
      const out = new Map<string, number>();
      for (const r of rs) if (r.externalId !== null) keep(out, nameKey(r.name, r.externalId), r.id);
      return out;
    });
    // One failure is reported through `ids` (the caller's await); the twin promise must not reject unhandled.
    byName.catch(() => undefined);
    const listing = { at: clock.now(), ids, byName };
    listings.delete(key);
    listings.set(key, listing);
    // A failed listing is not kept: the next lookup reads again.
    ids.catch(() => listings.get(key) === listing && listings.delete(key));
    if (listings.size > MAX_COMMITS) listings.delete(listings.keys().next().value!);
    return listing;
  };
  return {
    has: async (scope, sha, externalId) => (await list(scope, sha).ids).has(externalId),
    add(scope, sha, externalId) {
      void listings
        .get(keyOf(scope, sha))
        ?.ids.then((ids) => ids.add(externalId))
        .catch(() => undefined);
    },
    async claim(scope, sha, externalId) {
      const ids = await list(scope, sha).ids;
      if (ids.has(externalId)) return false;
      ids.add(externalId);
      return true;
    },
    release(scope, sha, externalId) {
      void listings
        .get(keyOf(scope, sha))
        ?.ids.then((ids) => ids.delete(externalId))
        .catch(() => undefined);
    },
    async find(scope, sha, name, externalId) {
      return own.get(ownKey(scope, sha, name, externalId)) ?? (await list(scope, sha).byName).get(nameKey(name, externalId));
    },
    created(scope, sha, name, externalId, id) {
      const key = ownKey(scope, sha, name, externalId);
      own.delete(key);
      own.set(key, id);
      if (own.size > MAX_COMMITS) own.delete(own.keys().next().value!);
      void listings
        .get(keyOf(scope, sha))
        ?.byName.then((byName) => keep(byName, nameKey(name, externalId), id))
        .catch(() => undefined);
    },
  };
}

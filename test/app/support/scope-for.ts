import { checkResultPolicy } from '../../../src/app/policy/check-result-policy.js';
import type { RepoScope } from '../../../src/app/scope/repo-scope.js';
import { createUlidSource } from '../../../src/adapters/ulid-source.js';
import type { AppHarness } from './app-harness.js';

/** A repository scope on the simulated GitHub, as the reconciler builds one, for calling app functions directly. */
export async function scopeFor(h: AppHarness): Promise<RepoScope> {
  const gh = await h.probot.auth(h.fake.state.installationId);
  const s = h.fake.state;
  const silent = {
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    debug: () => undefined,
  } as unknown as RepoScope['log'];
  return {
    gh,
    repo: { owner: s.owner, repo: s.name },
    fullName: s.fullName,
    defaultBranch: s.defaultBranch,
    htmlUrl: s.htmlUrl,
    log: silent,
    clock: h.clock,
    ids: createUlidSource(h.clock),
    checkPolicy: checkResultPolicy,
    appId: s.appId,
  };
}

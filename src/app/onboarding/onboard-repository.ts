import { claimTrigger, triggerKey } from '../../adapters/github/claim-trigger.js';
import { statusOf } from '../../adapters/github/github-client.js';
import {
  createOnboardingBranch,
  findOnboardingPr,
  moveOnboardingBranch,
  openOnboardingPr,
  readOnboardingBranch,
  updateOnboardingPr,
  writeOnboardingCommit,
  writeOnboardingTree,
  type OnboardingBranch,
} from '../../adapters/github/onboarding-pr.js';
import { readGitTree } from '../../adapters/github/read-git-tree.js';
import { createRequestBudget } from '../../adapters/github/request-budget.js';
import { buildCreateFileLink, type CreateFileLink } from '../../core/onboarding/build-create-file-link.js';
import { decideOnboarding, type OnboardingTrigger } from '../../core/onboarding/decide-onboarding.js';
import { findUetSetup } from '../../core/onboarding/find-uet-setup.js';
import { planOnboardingFiles } from '../../core/onboarding/plan-onboarding-files.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { bootstrapFromGitHub, type GitHubBootstrap } from './bootstrap-from-github.js';
import { ONBOARDING_TITLE, renderOnboardingBody } from './render-onboarding-body.js';

/** Caps on what reading one repository may cost (ADR 0022): tree listings, and blobs of configuration files. */
export const ONBOARDING_LIMITS = { treeRequests: 30, blobs: 60 } as const;

export interface OnboardOptions {
  readonly trigger: OnboardingTrigger;
  readonly deliveryId: string;
  /** A profile chosen by a person (`/uet bootstrap --profile <id>`). */
  readonly profile?: string;
  /** Owner of the UET action in the generated workflow. */
  readonly owner?: string;
}

export type OnboardingOutcome =
  | {
      readonly status: 'opened' | 'updated' | 'unchanged' | 'left';
      readonly number: number;
      readonly url?: string;
    }
  | {
      readonly status: 'skipped';
      readonly reason: 'set_up' | 'closed' | 'branch_not_ours' | 'empty' | 'duplicate';
      readonly number?: number;
      readonly workflow?: string;
    }
  /** `.github/uet.yml` is there but the workflow is not: the link that creates it. */
  | {
      readonly status: 'skipped';
      readonly reason: 'workflow_missing';
      readonly link: CreateFileLink;
      readonly workflowPath: string;
    }
  | { readonly status: 'failed'; readonly message: string };

/** The default branch's head, or undefined for an empty repository (GitHub answers 409 or 404). */
async function readHead(scope: RepoScope): Promise<string | undefined> {
  try {
    const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      ...scope.repo,
      ref: `heads/${scope.defaultBranch}`,
    });
    return data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404 || statusOf(error) === 409) return undefined;
    throw error;
  }
}

const workflowOf = (boot: GitHubBootstrap) => boot.plan.artifacts.find((a) => a.kind === 'workflow');

/**
 * Onboards one repository (ADR 0022): reads its default branch through the API (head, tree), decides
 * (decideOnboarding: set up, an onboarding PR in any state, its branch), claims the onboarding once per repository
 * for an installation event (the trigger claim `onboarding`: a redelivery carries on, another delivery stops),
 * runs the bootstrap from the tree and blobs, and opens the one onboarding PR, or refreshes it when a person asks.
 */
export async function onboardRepository(scope: RepoScope, o: OnboardOptions): Promise<OnboardingOutcome> {
  const { gh, repo } = scope;
  const commit = await readHead(scope);
  if (commit === undefined) return { status: 'skipped', reason: 'empty' };
  const listing = await readGitTree(gh, repo, commit, createRequestBudget(ONBOARDING_LIMITS.treeRequests));
  const paths = listing.entries.map((e) => e.path);
  let setup = findUetSetup(paths);
  const pr = setup.workflow === undefined && !setup.configured ? await findOnboardingPr(gh, repo) : undefined;
  const needsBranch =
    setup.workflow === undefined &&
    !setup.configured &&
    (!pr || (pr.state === 'open' && o.trigger === 'command'));
  const branch: OnboardingBranch | undefined = needsBranch ? await readOnboardingBranch(gh, repo) : undefined;
  const decision = decideOnboarding(
    { setup, ...(pr ? { pr } : {}), ...(branch ? { branch } : {}) },
    o.trigger,
  );
  if (decision.action === 'leave') return { status: 'left', number: decision.number, url: pr!.url };
  if (decision.action === 'skip' && decision.reason !== 'workflow_missing') {
    const number = 'number' in decision ? decision.number : undefined;
    return {
      status: 'skipped',
      reason: decision.reason,
      ...(number !== undefined ? { number } : {}),
      ...(setup.workflow ? { workflow: setup.workflow } : {}),
    };
  }
  if (o.trigger === 'install' && decision.action === 'open') {
    const claim = await claimTrigger(gh, repo, triggerKey('onboarding'), o.deliveryId, scope.ids.newId());
    if (claim.status === 'duplicate') return { status: 'skipped', reason: 'duplicate' };
  }
  const boot = await bootstrapFromGitHub(scope, {
    commit,
    listing,
    blobBudget: createRequestBudget(ONBOARDING_LIMITS.blobs),
    maxBlobs: ONBOARDING_LIMITS.blobs,
    owner: o.owner ?? 'uet-dev',
    ...(o.profile !== undefined ? { profile: o.profile } : {}),
  });
  const workflow = workflowOf(boot);
  if (!workflow) return { status: 'failed', message: 'bootstrap generated no workflow' };
  const link = buildCreateFileLink(scope.htmlUrl, scope.defaultBranch, workflow.path, workflow.text);
  if (decision.action === 'skip')
    return { status: 'skipped', reason: 'workflow_missing', link, workflowPath: workflow.path };
  setup = findUetSetup(paths, boot.read.snapshot.contents);
  if (setup.workflow !== undefined) return { status: 'skipped', reason: 'set_up', workflow: setup.workflow };
  const files = planOnboardingFiles(boot.plan.artifacts);
  const body = renderOnboardingBody({
    defaultBranch: scope.defaultBranch,
    commit,
    plan: boot.plan,
    discovery: boot.discovery,
    sources: boot.sources,
    files,
    workflow: { path: workflow.path, text: workflow.text },
    link,
    reading: {
      treeRequests: listing.requests,
      walked: listing.walked,
      unlisted: listing.unlisted,
      blobsWanted: boot.read.blobs.wanted,
      blobsRead: boot.read.blobs.read,
      blobsUnread: boot.read.blobs.unread.length,
      requests: 2 + listing.requests + boot.read.blobs.read,
      budget: 2 + ONBOARDING_LIMITS.treeRequests + ONBOARDING_LIMITS.blobs,
    },
  });
  const message = `Set up UET (${boot.plan.selection.profileId})\n\nGenerated by the UET app's onboarding from ${commit}.`;
  const tree = await writeOnboardingTree(gh, repo, listing.tree, files);
  const commitOf = () => writeOnboardingCommit(gh, repo, { parent: commit, tree, message });
  if (decision.action === 'update') {
    const same = branch!.tree === tree && branch!.parent === commit;
    if (!same) await moveOnboardingBranch(gh, repo, await commitOf());
    const edited = !same || pr!.body !== body || pr!.title !== ONBOARDING_TITLE;
    if (edited) await updateOnboardingPr(gh, repo, decision.number, { title: ONBOARDING_TITLE, body });
    return { status: edited ? 'updated' : 'unchanged', number: decision.number, url: pr!.url };
  }
  const written = await commitOf();
  if (decision.reuseBranch) await moveOnboardingBranch(gh, repo, written);
  else if ((await createOnboardingBranch(gh, repo, written)) === 'exists') {
    // Another writer made the branch meanwhile (a replica, a person): open the PR from it only if it is UET's.
    const now = await readOnboardingBranch(gh, repo);
    if (!now?.ours) return { status: 'skipped', reason: 'branch_not_ours' };
  }
  const opened = await openOnboardingPr(gh, repo, {
    base: scope.defaultBranch,
    title: ONBOARDING_TITLE,
    body,
  });
  return { status: 'opened', number: opened.number, url: opened.url };
}

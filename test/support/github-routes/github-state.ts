import { parseRunName } from '../../../src/adapters/github/ledger-layout.js';
import type { Comparison } from './compare-json.js';

/** Who makes a request: the app (its JWT and installation tokens) or a runner (a job's GITHUB_TOKEN). */
export type Actor = 'app' | 'runner';

export interface IssueComment {
  id: number;
  issue: number;
  body: string;
  user: string;
  /** How many times it was edited. */
  edits: number;
}

export interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string; text?: string; annotations_count: number };
  actions: unknown[];
  details_url?: string;
  /** The app that created it, when not this one (another app's, or a workflow's: GitHub Actions is app 15368). */
  app_id?: number;
}

export interface PullRequest {
  number: number;
  state: 'open' | 'closed';
  /** `sha` pins the head (a fork PR, or a test that moves it); otherwise it is the `ref` branch's head. */
  head: { ref: string; repo: string; sha?: string };
  base: { ref: string };
  title: string;
  body: string;
  draft: boolean;
  labels: string[];
  /** Files the PR changes, when given (a fork PR, whose head is not in this repository); else compared. */
  files?: string[];
  /** GitHub's `mergeable` (default true; null while it computes). */
  mergeable?: boolean | null;
  /** Reviews, oldest first. */
  reviews?: { user: string; state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' }[];
}

/** A pull request review comment: a thread's first comment, or a reply to one (`in_reply_to_id`). */
export interface ReviewCommentRecord {
  id: number;
  pull: number;
  /** The review it belongs to (every review comment has one on GitHub). */
  reviewId: number;
  body: string;
  path: string;
  line: number | null;
  diffHunk: string;
  user: string;
  /** The commit it was made on. */
  commitId: string;
  inReplyTo?: number;
}

export interface WorkflowRun {
  id: number;
  display_title: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  html_url: string;
  path: string;
  head_branch: string;
  head_sha: string;
  event: 'workflow_dispatch';
  inputs: Record<string, string>;
  /** Who dispatched it. */
  actor: Actor;
}

export interface Dispatch {
  readonly workflow: string;
  readonly ref: string;
  readonly inputs: Record<string, string>;
}

/** What the shared routes read of the repository's git data, whatever holds it (in-memory objects, a bare repo). */
export interface RepoGit {
  /** The commit a sha, branch name or full ref names; undefined when it names none. */
  resolve(ref: string): Promise<string | undefined>;
  /** 'commit', 'tree', 'blob', or undefined for an unknown object. */
  typeOf(sha: string): Promise<string | undefined>;
  readFile(commit: string, path: string): Promise<string | undefined>;
  /** GitHub's three-dot compare: the changes of `head` since its merge base with `base`. */
  compare(base: string, head: string): Promise<Comparison>;
}

/**
 * Everything a simulated GitHub holds besides git: the repository's identity, collaborators, issue comments,
 * reactions, pull requests, check runs, Actions and installation tokens. Each harness adds its own git storage.
 */
export abstract class GitHubState {
  abstract readonly git: RepoGit;
  readonly owner = 'octo-org';
  readonly name = 'widgets';
  readonly fullName = `${this.owner}/${this.name}`;
  readonly htmlUrl = `https://github.com/${this.fullName}`;
  readonly defaultBranch = 'main';
  readonly installationId = 4242;
  /** Other installations of this app that GitHub hands tokens for (the raw examples' installation ids). */
  readonly otherInstallations = new Set<number>();
  readonly appId = 777;
  readonly appSlug = 'uet-app';
  readonly permissions = new Map<string, string>();
  /** Team memberships by `org/team-slug`, then login: `active`, or `pending` (an invitation not accepted yet). */
  readonly teamMembers = new Map<string, Map<string, 'active' | 'pending'>>();
  readonly comments: IssueComment[] = [];
  /** Reactions by subject (`issue-<number>`, `comment-<id>`): one per subject and content, as on GitHub. */
  readonly reactions: { subject: string; content: string }[] = [];
  readonly pulls = new Map<number, PullRequest>();
  readonly checkRuns: CheckRun[] = [];
  /** Newest first, as GitHub lists them. */
  readonly workflowRuns: WorkflowRun[] = [];
  readonly dispatches: Dispatch[] = [];
  readonly canceledRuns: number[] = [];
  /** Branches with classic branch protection (GET …/branches/{branch} `protected`). */
  readonly protectedBranches = new Set<string>();
  /** Active ruleset rules by branch (GET …/rules/branches/{branch}). */
  readonly branchRules = new Map<string, { type: string }[]>();
  /** Review comments of pull requests, oldest first. */
  readonly reviewComments: ReviewCommentRecord[] = [];
  /** Review threads resolved, by the id of their first comment (only GraphQL tells). */
  readonly resolvedThreads = new Set<number>();
  /** Installation tokens handed out, and whose they are. */
  readonly tokens = new Map<string, Actor>();
  private next = 1000;

  id(): number {
    return ++this.next;
  }

  pullHead(p: PullRequest): Promise<string | undefined> {
    return p.head.sha !== undefined ? Promise.resolve(p.head.sha) : this.git.resolve(p.head.ref);
  }

  /** A workflow_dispatch GitHub accepted on branch `ref` (at `sha`): the queued workflow run it creates. */
  recordDispatch(workflow: string, ref: string, sha: string, inputs: Record<string, string>, actor: Actor) {
    this.dispatches.push({ workflow, ref, inputs });
    const name = parseRunName(`uet:${inputs.run_id}:${inputs.step_id}:${inputs.attempt}`);
    const id = this.id();
    const run: WorkflowRun = {
      id,
      display_title: name ? `uet:${name.runId}:${name.nodeId}:${name.attempt}` : 'uet',
      status: 'queued',
      conclusion: null,
      html_url: `${this.htmlUrl}/actions/runs/${id}`,
      path: `.github/workflows/${workflow}`,
      head_branch: ref.replace(/^refs\/heads\//, ''),
      head_sha: sha,
      event: 'workflow_dispatch',
      inputs,
      actor,
    };
    this.workflowRuns.unshift(run);
    return run;
  }
}

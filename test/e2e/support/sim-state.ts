import type { BareRepo } from './bare-repo.js';

export type Actor = 'app' | 'runner';

export interface SimComment {
  id: number;
  issue: number;
  body: string;
  user: string;
  edits: number;
}

export interface SimCheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string; text?: string; annotations_count: number };
  actions: unknown[];
  details_url?: string;
}

export interface SimPull {
  number: number;
  state: 'open' | 'closed';
  head: { ref: string; repo: string; sha?: string };
  base: { ref: string };
  title: string;
  body: string;
  draft: boolean;
  labels: string[];
  /** Files the PR changes (for a fork PR, whose head is not in this repository). */
  files?: string[];
}

export interface SimWorkflowRun {
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

/** Everything the simulated GitHub holds besides git: issues, pull requests, checks and Actions. */
export class SimState {
  readonly owner = 'octo-org';
  readonly name = 'widgets';
  readonly fullName = `${this.owner}/${this.name}`;
  readonly htmlUrl = `https://github.com/${this.fullName}`;
  readonly defaultBranch = 'main';
  readonly installationId = 4242;
  readonly appId = 777;
  readonly appSlug = 'uet-app';
  readonly permissions = new Map<string, string>();
  readonly comments: SimComment[] = [];
  readonly reactions: { subject: string; content: string }[] = [];
  readonly pulls = new Map<number, SimPull>();
  readonly checkRuns: SimCheckRun[] = [];
  readonly workflowRuns: SimWorkflowRun[] = [];
  readonly canceledRuns: number[] = [];
  /** Installation tokens handed out, and whose they are. */
  readonly tokens = new Map<string, Actor>();
  /** The `permissions:` of the job a runner token was made for (GitHub enforces them on the REST API). */
  readonly tokenPermissions = new Map<string, Record<string, string>>();
  private next = 1000;

  constructor(readonly git: BareRepo) {}

  id(): number {
    return ++this.next;
  }

  apiRepoUrl(apiBase: string): string {
    return `${apiBase}/repos/${this.fullName}`;
  }

  pullHead(p: SimPull): Promise<string | undefined> {
    return p.head.sha !== undefined ? Promise.resolve(p.head.sha) : this.git.resolve(p.head.ref);
  }
}

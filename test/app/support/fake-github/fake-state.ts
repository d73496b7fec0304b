import { createHash } from 'node:crypto';

export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: string;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string; annotations_count: number };
  actions: unknown[];
  details_url?: string;
}

export interface FakePull {
  number: number;
  state: 'open' | 'closed';
  head: { sha: string; ref: string; repo: string };
  base: { ref: string };
  files: string[];
  title?: string;
  body?: string;
  draft?: boolean;
  labels: string[];
}

export interface FakeWorkflowRun {
  id: number;
  display_title: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  html_url: string;
  path: string;
  event: string;
  inputs: Record<string, string>;
}

/** The state of the simulated GitHub: one repository with its git objects, refs, issues, checks and Actions. */
export class FakeState {
  readonly owner = 'octo-org';
  readonly name = 'widgets';
  readonly fullName = `${this.owner}/${this.name}`;
  readonly htmlUrl = `https://github.com/${this.fullName}`;
  readonly defaultBranch = 'main';
  readonly installationId = 4242;
  readonly commits = new Map<string, { tree: string; parents: string[]; message: string }>();
  readonly trees = new Map<string, Map<string, string>>([[EMPTY_TREE, new Map()]]);
  readonly refs = new Map<string, string>();
  readonly permissions = new Map<string, string>();
  readonly comments: FakeComment[] = [];
  readonly issueReactions: { issue: number; content: string }[] = [];
  readonly commentReactions: { commentId: number; content: string }[] = [];
  readonly pulls = new Map<number, FakePull>();
  readonly checkRuns: FakeCheckRun[] = [];
  readonly workflowRuns: FakeWorkflowRun[] = [];
  readonly dispatches: { workflow: string; ref: string; inputs: Record<string, string> }[] = [];
  readonly canceledRuns: number[] = [];
  private next = 1000;

  id(): number {
    return ++this.next;
  }

  hash(value: unknown): string {
    return createHash('sha1').update(JSON.stringify(value)).update(String(++this.next)).digest('hex');
  }

  writeTree(files: Map<string, string>): string {
    const sha = createHash('sha1')
      .update(JSON.stringify([...files].sort()))
      .digest('hex');
    this.trees.set(sha, new Map(files));
    return sha;
  }

  writeCommit(tree: string, parents: string[], message: string): string {
    const sha = this.hash({ tree, parents, message });
    this.commits.set(sha, { tree, parents, message });
    return sha;
  }

  /** Commits `files` on top of a branch (creating it), like a push. Returns the new head. */
  commitFiles(branch: string, files: Record<string, string>, message = 'commit'): string {
    const parent = this.refs.get(`refs/heads/${branch}`);
    const base = parent ? this.trees.get(this.commits.get(parent)!.tree)! : new Map<string, string>();
    const next = new Map(base);
    for (const [p, text] of Object.entries(files)) next.set(p, text);
    const sha = this.writeCommit(this.writeTree(next), parent ? [parent] : [], message);
    this.refs.set(`refs/heads/${branch}`, sha);
    return sha;
  }

  /** A workflow_dispatch GitHub accepted: the queued workflow run it creates. */
  dispatchWorkflow(workflow: string, ref: string, inputs: Record<string, string>): FakeWorkflowRun {
    this.dispatches.push({ workflow, ref, inputs });
    const id = this.id();
    const run: FakeWorkflowRun = {
      id,
      display_title: `uet:${inputs.run_id}:${inputs.step_id}:${inputs.attempt}`,
      status: 'queued',
      conclusion: null,
      html_url: `${this.htmlUrl}/actions/runs/${id}`,
      path: `.github/workflows/${workflow}`,
      event: 'workflow_dispatch',
      inputs,
    };
    this.workflowRuns.unshift(run);
    return run;
  }

  /** The tree of a commit sha, branch name or full ref. */
  treeOf(ref: string | null | undefined): Map<string, string> | undefined {
    const sha = this.resolve(ref ?? this.defaultBranch);
    const commit = sha !== undefined ? this.commits.get(sha) : undefined;
    return commit ? this.trees.get(commit.tree) : undefined;
  }

  resolve(ref: string): string | undefined {
    if (this.commits.has(ref)) return ref;
    return this.refs.get(`refs/heads/${ref}`) ?? this.refs.get(ref) ?? this.refs.get(`refs/${ref}`);
  }

  /** Commits reachable from `head`, newest first, stopping at `base`. */
  commitsBetween(base: string, head: string): string[] {
    const out: string[] = [];
    const stack = [head];
    const seen = new Set<string>();
    while (stack.length) {
      const sha = stack.pop()!;
      if (sha === base || seen.has(sha)) continue;
      seen.add(sha);
      out.push(sha);
      stack.push(...(this.commits.get(sha)?.parents ?? []));
    }
    return out;
  }
}

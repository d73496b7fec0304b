import { createHash } from 'node:crypto';
import { checkDispatchInputs } from '../../../support/conformance/dispatch-inputs.js';
import {
  GitHubState,
  type Comparison,
  type RepoGit,
  type WorkflowRun,
} from '../../../support/github-routes/index.js';

export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/**
 * The state of the simulated GitHub: one repository with its git objects and refs in memory, besides the issues,
 * pull requests, checks and Actions every simulated GitHub holds.
 */
export class FakeState extends GitHubState {
  readonly commits = new Map<string, { tree: string; parents: string[]; message: string }>();
  readonly trees = new Map<string, Map<string, string>>([[EMPTY_TREE, new Map()]]);
  readonly refs = new Map<string, string>();
  /** Branch pushes, oldest first, as GET /repos/{owner}/{repo}/activity lists them (newest first). */
  readonly activity: { id: number; ref: string; before: string; after: string; timestamp: string; activity_type: string }[] = [];
  /** The time pushes are recorded at (the harness sets its clock). */
  now: () => number = () => Date.parse('2026-03-01T10:00:00Z');
  readonly git: RepoGit = {
    resolve: (ref) => Promise.resolve(this.resolve(ref)),
    typeOf: (sha) =>
      Promise.resolve(this.commits.has(sha) ? 'commit' : this.trees.has(sha) ? 'tree' : undefined),
    readFile: (commit, path) => Promise.resolve(this.treeOf(commit)?.get(path)),
    compare: (base, head) => Promise.resolve(this.compare(base, head)),
  };

  hash(value: unknown): string {
    return createHash('sha1').update(JSON.stringify(value)).update(String(this.id())).digest('hex');
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
    return this.commitTo(`refs/heads/${branch}`, files, message);
  }

  /** Commits `files` on top of any ref (creating it), like a push; a branch push is recorded as activity. */
  commitTo(ref: string, files: Record<string, string>, message = 'commit'): string {
    const branch = ref.replace(/^refs\/heads\//, '');
    const parent = this.refs.get(ref);
    const base = parent ? this.trees.get(this.commits.get(parent)!.tree)! : new Map<string, string>();
    const next = new Map(base);
    for (const [p, text] of Object.entries(files)) next.set(p, text);
    const sha = this.writeCommit(this.writeTree(next), parent ? [parent] : [], message);
    this.refs.set(ref, sha);
    if (ref.startsWith('refs/heads/'))
      this.activity.push({
      id: this.id(),
      ref: `refs/heads/${branch}`,
      before: parent ?? '0'.repeat(40),
      after: sha,
      timestamp: new Date(this.now()).toISOString(),
      activity_type: parent ? 'push' : 'branch_creation',
    });
    return sha;
  }

  /**
   * A workflow_dispatch of a runner's job token (not an app request): the queued workflow run it creates. GitHub
   * refuses inputs the workflow on `ref` does not accept (test/support/conformance/dispatch-inputs.ts), so does this.
   */
  dispatchWorkflow(workflow: string, ref: string, inputs: Record<string, string>): WorkflowRun {
    const text = this.treeOf(ref)?.get(`.github/workflows/${workflow}`);
    const refused = text === undefined ? [`no .github/workflows/${workflow} on ${ref}`] : checkDispatchInputs(text, inputs);
    if (refused.length) throw new Error(`GitHub refuses this workflow dispatch (422): ${refused.join('; ')}`);
    return this.recordDispatch(workflow, ref, this.resolve(ref)!, inputs, 'runner');
  }

  /** The app's view of the reactions on issues. */
  get issueReactions(): { issue: number; content: string }[] {
    return this.reactionsOn('issue-').map(([issue, content]) => ({ issue, content }));
  }

  /** The app's view of the reactions on comments. */
  get commentReactions(): { commentId: number; content: string }[] {
    return this.reactionsOn('comment-').map(([commentId, content]) => ({ commentId, content }));
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

  /** The commits of `head` since `base` (oldest first) and the files whose text differs between their trees. */
  compare(baseRef: string, headRef: string): Comparison {
    const base = this.resolve(baseRef) ?? baseRef;
    const head = this.resolve(headRef) ?? headRef;
    const before = this.treeOf(base) ?? new Map<string, string>();
    const after = this.treeOf(head) ?? new Map<string, string>();
    const files = [...new Set([...before.keys(), ...after.keys()])]
      .filter((p) => before.get(p) !== after.get(p))
      .map((filename) => ({
        filename,
        status: !before.has(filename) ? 'added' : !after.has(filename) ? 'removed' : 'modified',
        additions: 1,
        deletions: 0,
      }));
    const commits = this.commitsBetween(base, head).reverse();
    return { mergeBase: base, ahead: commits.length, behind: 0, commits, files };
  }

  private reactionsOn(prefix: string): [number, string][] {
    return this.reactions
      .filter((r) => r.subject.startsWith(prefix))
      .map((r) => [Number(r.subject.slice(prefix.length)), r.content]);
  }
}

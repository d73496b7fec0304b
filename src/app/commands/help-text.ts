/** The reply to `/uet help`, and the tail of every reply to a command UET could not understand. */
export function helpText(label: string, phrases: readonly string[] = []): string {
  const mention = phrases.length ? phrases.map((p) => `\`${p}\``).join(' or ') : '`@<app>`';
  return [
    '**UET commands** (first line of a comment on a pull request):',
    '',
    '| Command | What it does |',
    '|---|---|',
    '| `/uet run [<bundle-path>] [--skip-workstream <ws>]… [--max-parallel N] [--head <sha>]` | Plan the bundle and run its steps on Actions, on the head as of your comment (or the full sha you name; required for forks); the result comes as a PR into this branch. |',
    '| `/uet plan [<bundle-path>]` | Dry run: the DAG, waves, critical path, routing, budget and gates. Runs nothing. |',
    "| `/uet status` | The state of this pull request's latest run. |",
    '| `/uet cancel` | Cancel the active runs of this pull request. |',
    '| `/uet unlock <run id>` | Break the lock of a run (it is canceled if it still runs); `--reset <branch>` empties a branch\'s lock table. |',
    '| `/uet retry [<step-id>]` | Resume a paused run, or run a finished one again. |',
    '| `/uet bootstrap [--profile <id>]` | Open (or refresh) the onboarding pull request that sets UET up on this repository; works on any issue too. |',
    '| `/uet approve [<run-id>]` | Approve the run that waits here for approval (`require_approval`): only a listed approver, never on a base that moved since the plan. Name the run when several wait. |',
    '| `/uet approve <sha>` | Open the result PR of a fork run: the exact result commit its progress comment names, after you reviewed it. |',
    "| `/uet fix [--tool <id>] [--head <sha>] <instructions>` | A follow-up run on this pull request: one step by the configured `default_tool` (or `--tool`) gets your instructions (every line after the command), the unresolved review threads and the output of a gate the last UET run failed, and its commit is pushed to this pull request's branch as a fast-forward (never to the default, a protected branch or a fork's). Also works as a review whose body starts with `/uet fix` (its comments are the instructions), or as a reply in a review thread (that thread). |",
    '| `/uet help` | This help. |',
    '',
    `**In plain words:** a comment that starts with ${mention} is a request. On a pull request it means \`/uet fix <your words>\`. On an issue, one step does what the issue (title, body) and your words ask, and its result PR closes the issue.`,
    'Per step, the progress comment and the run check show the tool, model, duration, tokens and cost, and the total against the budget.',
    '',
    `On an issue, add the \`${label}\` label: the bundle comes from a fenced \`yaml\` or \`json\` block in the issue body, or from a \`bundle: <path>\` line.`,
    'Only collaborators with write access can run commands. Configuration: `.github/uet.yml` on the default branch.',
  ].join('\n');
}

/** The reply to `/uet help`, and the tail of every reply to a command UET could not understand. */
export function helpText(label: string): string {
  return [
    '**UET commands** (first line of a comment on a pull request):',
    '',
    '| Command | What it does |',
    '|---|---|',
    '| `/uet run [<bundle-path>] [--skip-workstream <ws>]… [--max-parallel N] [--head <sha>]` | Plan the bundle and run its steps on Actions, on the head as of your comment (or the full sha you name; required for forks); the result comes as a PR into this branch. |',
    '| `/uet plan [<bundle-path>]` | Dry run: the DAG, waves, critical path, routing, budget and gates. Runs nothing. |',
    "| `/uet status` | The state of this pull request's latest run. |",
    '| `/uet cancel` | Cancel the active runs of this pull request. |',
    '| `/uet retry [<step-id>]` | Resume a paused run, or run a finished one again. |',
    '| `/uet bootstrap [--profile <id>]` | Open (or refresh) the onboarding pull request that sets UET up on this repository; works on any issue too. |',
    '| `/uet approve <sha>` | Open the result PR of a fork run: the exact result commit its progress comment names, after you reviewed it. |',
    '| `/uet help` | This help. |',
    '',
    `On an issue, add the \`${label}\` label: the bundle comes from a fenced \`yaml\` or \`json\` block in the issue body, or from a \`bundle: <path>\` line.`,
    'Only collaborators with write access can run commands. Configuration: `.github/uet.yml` on the default branch.',
  ].join('\n');
}

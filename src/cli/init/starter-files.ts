/** Where `uet init` writes the starter bundle: where the onboarding PR puts the default bundle too. */
export const STARTER_BUNDLE_PATH = '.uet/bundle.yaml';
export const APP_CONFIG_PATH = '.github/uet.yml';

/**
 * The commented starter bundle of `uet init`: shell steps only, so that it validates, plans and runs on any git
 * repository without an AI tool; each field says what it does and what to change. docs/first-bundle.md builds one
 * up step by step.
 */
export const STARTER_BUNDLE = `# A starter workstream bundle, written by \`uet init\`. It runs as is, on any git repository:
#   uet validate ${STARTER_BUNDLE_PATH}   # check it
#   uet plan ${STARTER_BUNDLE_PATH}       # see what a run would do (nothing is executed)
#   uet run ${STARTER_BUNDLE_PATH}        # run it: results on the branch uet/run/<run_id>, your checkout untouched
# Then make it yours: docs/first-bundle.md builds a bundle up step by step, docs/configuration.md has every field.
$schema: https://uet.dev/schema/workstream_bundle.v1.json
bundle_id: starter                 # letters, digits, '-', '_' and '.'
bundle_name: Starter bundle
max_parallel: 2                    # most steps running at once
max_cost_usd: 1.0                  # budget for the AI tools' spending; shell steps cost nothing

workstreams:
  # A workstream is a sequence of steps with a goal; workstreams without depends_on run in parallel.
  - ws_id: WS-NOTES
    name: Write the notes
    steps:
      - step_id: write-notes
        name: Write a notes file
        tool_profile_id: shell       # shell runs context.command with bash, in a worktree of its own
        estimate_seconds: 1
        context:
          create_files: [uet-notes/NOTES.md]   # the files the step may create (the patch policy checks it)
          command: |
            mkdir -p uet-notes
            printf '# Notes\\n\\nWritten by a UET run.\\n' > uet-notes/NOTES.md
        validation:
          test_command: test -s uet-notes/NOTES.md   # must exit 0 for the step's change to count

  - ws_id: WS-INVENTORY
    name: Take an inventory
    steps:
      - step_id: list-files
        name: List the repository's files
        tool_profile_id: shell
        estimate_seconds: 1
        context:
          create_files: [uet-notes/FILES.txt]
          command: |
            mkdir -p uet-notes
            git ls-files > uet-notes/FILES.txt

  - ws_id: WS-SUMMARY
    name: Summarize
    depends_on: [WS-NOTES, WS-INVENTORY]   # starts once both are done
    test_gates:
      # A gate runs after its workstream, on the run branch; exit 0 passes.
      - gate_id: notes-complete
        type: GATE_CUSTOM
        command: test -s uet-notes/NOTES.md && test -f uet-notes/FILES.txt
    steps:
      - step_id: summarize
        name: Add the file count to the notes
        tool_profile_id: shell
        estimate_seconds: 1
        context:
          files: [uet-notes/NOTES.md]
          command: |
            printf '\\nThe repository has %s tracked files.\\n' "$(wc -l < uet-notes/FILES.txt)" >> uet-notes/NOTES.md
      # An AI tool does a step with an instruction instead of a command (install one first: README, "Running with
      # Claude Code, Codex or aider"). Uncomment to try; \`uet plan\` shows which tool it would get:
      # - step_id: improve-notes
      #   depends_on: [summarize]
      #   context:
      #     instruction: Rewrite uet-notes/NOTES.md as a short, friendly overview of this repository.
      #     files: [uet-notes/NOTES.md]
`;

/** `.github/uet.yml` of `uet init --github`: the GitHub App's settings for this repository. */
export const STARTER_APP_CONFIG = `# Settings of the UET GitHub App for this repository (docs/github-app.md#configuration).
# The bundle \`/uet run\` runs when a comment names none:
bundle: ${STARTER_BUNDLE_PATH}
# Most steps dispatched at once (the lowest of this, the comment's --max-parallel and the bundle's wins):
# max_parallel: 4
# A cap on any run's budget, in USD:
# budgets:
#   max_cost_usd: 5
# Bot accounts whose /uet commands are obeyed:
# allowed_bots: []
`;

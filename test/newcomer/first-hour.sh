#!/usr/bin/env bash
# The first hour with UET, as a new user lives it (issue 18): install the packed tarball into a fresh npm prefix
# (offline: the tarball holds everything the CLI needs), then, in a new project outside the clone and with a fresh
# HOME, `uet init`, `uet validate`, `uet plan`, `uet run`, `uet status`, `uet clean`, a Ctrl-C in the middle of a
# run and `uet resume`. Every step checks what the user would look at; the first surprise fails the script with
# the step's name and what it printed.
#
# Usage: test/newcomer/first-hour.sh <uet-x.y.z.tgz>      (test/newcomer/first-hour.test.ts runs it in npm test)
set -euo pipefail

tarball=$(realpath "${1:?usage: first-hour.sh <uet tarball from npm pack>}")
work=$(mktemp -d "${TMPDIR:-/tmp}/uet-first-hour-XXXXXX")
export HOME="$work/home" npm_config_prefix="$work/prefix" npm_config_update_notifier=false
mkdir -p "$HOME"
export GIT_AUTHOR_NAME='New User' GIT_AUTHOR_EMAIL='new@example.com' GIT_COMMITTER_NAME='New User' GIT_COMMITTER_EMAIL='new@example.com'
# No uet of the clone's: only the installed one can answer.
export PATH="$npm_config_prefix/bin:$PATH"
out="$work/out.txt"

step() { printf '\n== %s\n' "$*"; }
fail() {
  printf 'first-hour: FAILED: %s\n' "$*" >&2
  [ -s "$out" ] && sed 's/^/  | /' "$out" >&2
  exit 1
}
# expect <code> <command...>: runs it, keeps its output in $out, fails unless it exits <code>.
expect() {
  local want=$1 rc=0
  shift
  "$@" >"$out" 2>&1 || rc=$?
  cat "$out"
  [ "$rc" = "$want" ] || fail "\`$*\` exited $rc, expected $want"
}
has() { grep -qF -- "$1" "$out" || fail "expected the output to contain: $1"; }

step "install the tarball into a fresh prefix, offline"
expect 0 npm install -g --offline --no-audit --no-fund "$tarball"
[ "$(command -v uet)" = "$npm_config_prefix/bin/uet" ] || fail "uet on PATH is $(command -v uet), not the installed one"
expect 0 uet --version
expect 0 uet --help
has 'UET_DEBUG'
has 'first-bundle.md'
[ -f "$npm_config_prefix/lib/node_modules/uet/docs/first-bundle.md" ] || fail "the tutorial the help names is not installed"

step "a project of one's own, outside the clone"
project="$work/my-project"
mkdir "$project" && cd "$project"
git init -q && echo 'hello' >README.md && git add README.md && git commit -qm 'first commit'

step "uet init"
expect 0 uet init
has '+ .uet/bundle.yaml'
expect 0 uet validate .uet/bundle.yaml
has '.uet/bundle.yaml: ok (workstream_bundle)'
expect 0 uet plan .uet/bundle.yaml
has 'critical path'

step "uet run (step branches kept, for uet clean to find)"
expect 0 uet run .uet/bundle.yaml --no-progress --keep-step-branches
run_id=$(git for-each-ref --format='%(refname:lstrip=4)' refs/heads/uet/run/)
[ -n "$run_id" ] || fail "no run branch uet/run/<run_id>"
[ "$(git show "uet/run/$run_id:uet-notes/FILES.txt")" = 'README.md' ] || fail "the run branch lacks the inventory"
[ -z "$(git status --porcelain --untracked-files=no)" ] || fail "the run touched the checkout"
expect 0 uet status
has 'State: SUCCEEDED'
has 'Steps: 3 succeeded (of 3)'

step "uet clean: a dry run, then --yes"
expect 0 uet clean
has "would remove step branch uet/step/$run_id/"
[ -n "$(git for-each-ref "refs/heads/uet/step/$run_id/")" ] || fail "the dry run removed something"
expect 0 uet clean --yes
[ -z "$(git for-each-ref refs/heads/uet/step/)" ] || fail "step branches left after uet clean --yes"
git rev-parse -q --verify "refs/heads/uet/run/$run_id" >/dev/null || fail "uet clean removed the run branch (the result)"

step "Ctrl-C in the middle of a run, then uet resume"
started="$work/started" go="$work/go"
cat >.uet/slow.yaml <<EOF
bundle_id: slow
workstreams:
  - ws_id: WS-SLOW
    steps:
      - step_id: wait-for-go
        tool_profile_id: shell
        context:
          create_files: [slow.txt]
          command: |
            touch '$started'
            while [ ! -e '$go' ]; do sleep 0.2; done
            echo done > slow.txt
EOF
set -m # the run gets a process group of its own, as a terminal's foreground job has: Ctrl-C reaches all of it
uet run .uet/slow.yaml --no-progress >"$work/run.txt" 2>&1 &
pid=$!
set +m
for _ in $(seq 1 1500); do [ -e "$started" ] && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
[ -e "$started" ] || { cat "$work/run.txt"; fail "the slow step never started"; }
kill -INT -- "-$pid"
rc=0 && wait "$pid" || rc=$?
cat "$work/run.txt"
[ "$rc" = 130 ] || { cp "$work/run.txt" "$out"; fail "the interrupted run exited $rc, expected 130"; }
slow_id=$(sed -n 's/.*uet resume \([0-9A-Z]*\).*/\1/p' "$work/run.txt" | head -n 1)
[ -n "$slow_id" ] || fail "the interrupted run did not say how to resume it"
expect 0 uet status
has 'State: STOPPED'
expect 0 uet runs
grep -qE "^$slow_id +stopped " "$out" || fail "uet runs does not list $slow_id as stopped"
touch "$go"
expect 0 uet resume "$slow_id" --no-progress
expect 0 uet status "$slow_id"
has 'State: SUCCEEDED'
[ "$(git show "uet/run/$slow_id:slow.txt")" = 'done' ] || fail "the resumed run's result is not on its branch"

step "nothing left behind"
expect 0 uet clean
has 'nothing to clean'
[ -z "$(git for-each-ref refs/heads/uet/step/)" ] || fail "a run left step branches"
[ "$(git worktree list | wc -l)" = 1 ] || fail "worktrees left: $(git worktree list)"
[ -z "$(git status --porcelain --untracked-files=no)" ] || fail "the checkout changed"

rm -rf "$work"
printf '\nfirst-hour: ok\n'

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a UET process under test is stopped, so that the sweep can kill its process group right there. */
export type StopPoint =
  /** At the first git command after the run's log holds at least `events` events: an event boundary. */
  | { readonly kind: 'event'; readonly events: number }
  /**
   * Inside the `nth` git ref transaction (counted from the run's first event on) whose refs match `refs`, once git
   * holds its locks: from git's reference-transaction hook, state "prepared", which git runs after it created every
   * `.lock` of the transaction and before it commits them.
   */
  | { readonly kind: 'ref'; readonly nth: number; readonly refs?: string }
  /** Nowhere: count events and ref transactions only (a reference run). */
  | { readonly kind: 'none' };

export interface GitWrapper {
  /** Prepend to PATH for the process under test. */
  readonly binDir: string;
  /**
   * Holds `stopped/where` once a process stopped (what it was doing), `stopped/pids` (the hook's and git's pid, for a
   * ref stop), and `refs` (the transactions counted).
   */
  readonly stateDir: string;
}

const realGit = () => execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A `git` for PATH that runs the real git, unchanged but for one `-c core.hooksPath=<our hooks>` placed after the
 * caller's own options (UET's `-c core.hooksPath=/dev/null` would otherwise win), so that git runs our
 * reference-transaction hook. The wrapper or the hook stops itself (SIGSTOP) at `stop`: the git command, and UET
 * waiting for it, freeze with git's real locks held, and the sweep kills the process group. The first process to stop
 * wins (mkdir is atomic); the others run on until the kill. Ref transactions are counted from the run's first event
 * on, or from the start with `countFromRunLog: false` (the action, which has no local log).
 */
export function createGitWrapper(root: string, repo: string, stop: StopPoint, o: { countFromRunLog?: boolean } = {}): GitWrapper {
  const binDir = join(root, 'bin');
  const hooksDir = join(root, 'hooks');
  const stateDir = join(root, 'state');
  for (const d of [binDir, hooksDir, stateDir]) mkdirSync(d, { recursive: true });
  const events = `${q(repo)}/.uet/runs/*/events.jsonl`;
  const eventStop =
    stop.kind === 'event'
      ? `n=$(cat ${events} 2>/dev/null | wc -l)
if [ "$n" -ge ${stop.events} ] && mkdir ${q(stateDir)}/stopped 2>/dev/null; then
  printf 'after event %s: git %s\\n' "$n" "$*" > ${q(stateDir)}/stopped/where
  kill -STOP $$
fi`
      : '';
  writeFileSync(
    join(binDir, 'git'),
    `#!/bin/bash
${eventStop}
pre=()
while [ $# -gt 0 ]; do
  case "$1" in
    -c) pre+=("$1" "$2"); shift 2 ;;
    --no-optional-locks|--no-pager|--literal-pathspecs|--no-replace-objects) pre+=("$1"); shift ;;
    *) break ;;
  esac
done
exec ${q(realGit())} "\${pre[@]}" -c core.hooksPath=${q(hooksDir)} "$@"
`,
  );
  const refStop =
    stop.kind === 'ref'
      ? `if [ "$k" -eq ${stop.nth} ] && mkdir ${q(stateDir)}/stopped 2>/dev/null; then
  printf 'in ref transaction %s (%s): %s\\n' "$k" "$PWD" "$refs" > ${q(stateDir)}/stopped/where
  echo "$$ $PPID" > ${q(stateDir)}/stopped/pids
  kill -STOP $$
fi`
      : '';
  writeFileSync(
    join(hooksDir, 'reference-transaction'),
    `#!/bin/bash
refs=$(cat)
[ "$1" = prepared ] || exit 0
${o.countFromRunLog === false ? '' : `ls ${events} >/dev/null 2>&1 || exit 0\n`}printf '%s\\n' "$refs" | grep -q -e ${q(stop.kind === 'ref' ? (stop.refs ?? '') : '')} || exit 0
exec 9>>${q(stateDir)}/count.lock
flock 9
k=$(( $(cat ${q(stateDir)}/count 2>/dev/null || echo 0) + 1 ))
echo "$k" > ${q(stateDir)}/count
printf '%s %s\\n' "$k" "$(printf '%s' "$refs" | awk '{print $3}' | tr '\\n' ' ')" >> ${q(stateDir)}/refs
flock -u 9
${refStop}
exit 0
`,
  );
  chmodSync(join(binDir, 'git'), 0o755);
  chmodSync(join(hooksDir, 'reference-transaction'), 0o755);
  return { binDir, stateDir };
}

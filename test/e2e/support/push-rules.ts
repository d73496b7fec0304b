import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HOOK = `#!/bin/sh
# The simulated GitHub's push rules: a read-only job token cannot push; nobody without the workflows permission
# may change .github/workflows/ on a branch.
if [ "$UET_SIM_CONTENTS" != "write" ]; then
  echo "remote: Permission to octo-org/widgets.git denied to github-actions[bot]." >&2; exit 1
fi
while read old new ref; do
  case "$ref" in refs/heads/*) ;; *) continue ;; esac
  [ "$new" = 0000000000000000000000000000000000000000 ] && continue
  base="$old"; [ "$old" = 0000000000000000000000000000000000000000 ] && base=$(git rev-parse refs/heads/main)
  if [ -n "$(git diff --name-only "$base" "$new" -- .github/workflows/)" ]; then
    echo "remote: refusing to allow a GitHub App to create or update workflow without \\\`workflows\\\` permission" >&2; exit 1
  fi
done
exit 0
`;

/** Installs the push rules into the bare repository (a pre-receive hook runs for file:// pushes too). */
export function installPushRules(bareDir: string): void {
  writeFileSync(join(bareDir, 'hooks/pre-receive'), HOOK, { mode: 0o755 });
}

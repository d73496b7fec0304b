// The code blocks of a markdown page that a test runs: each is preceded by an HTML comment (invisible on GitHub),
// alone on its line, a blank line at most before the fence:
//   <!-- runnable -->               a bash block, run outside the clone with the installed uet on PATH
//   <!-- runnable: write <path> --> a block whose text is written to <path> (relative to where the page starts)
//   <!-- runnable: in-clone -->     a bash block run in the clone, where `npm ci` has run: a leading `npm ci && ` is
//                                   dropped (npm test runs after it)
// The blocks of one page run in order, in one bash session (`set -euo pipefail`), from an empty directory.

export type RunnableBlock =
  | { readonly kind: 'run'; readonly line: number; readonly code: string }
  | { readonly kind: 'write'; readonly line: number; readonly path: string; readonly code: string }
  | { readonly kind: 'in-clone'; readonly line: number; readonly code: string };

const MARKER = /^<!-- runnable(?::\s*(write\s+(\S+)|in-clone))?\s*-->$/;
const FENCE = /^(`{3,}|~{3,})(\S*)\s*$/;

/** The marked blocks of `markdown`; a marker not followed by a fenced block is an error (a typo must not pass). */
export function findRunnableBlocks(markdown: string, file: string): RunnableBlock[] {
  const lines = markdown.split('\n');
  const blocks: RunnableBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (!text.startsWith('<!-- runnable')) continue;
    const m = MARKER.exec(text);
    if (!m) throw new Error(`${file}:${i + 1}: unknown runnable marker: ${text}`);
    let j = i + 1;
    if (lines[j]?.trim() === '') j++;
    const fence = FENCE.exec(lines[j] ?? '');
    if (!fence) throw new Error(`${file}:${i + 1}: a runnable marker must come right before a fenced code block`);
    const end = lines.findIndex((l, k) => k > j && l.trim() === fence[1]);
    if (end < 0) throw new Error(`${file}:${j + 1}: unclosed code block`);
    const code = lines.slice(j + 1, end).join('\n');
    const line = j + 1;
    if (m[2] !== undefined) blocks.push({ kind: 'write', line, path: m[2], code });
    else if (m[1] === 'in-clone') blocks.push({ kind: 'in-clone', line, code: code.replace(/^npm ci && /gm, '') });
    else blocks.push({ kind: 'run', line, code });
    i = end;
  }
  return blocks;
}

/** One bash script that runs `blocks` of `file` in order; `$UET_DOC_ROOT` is where the page starts. */
export function buildBlocksScript(blocks: readonly RunnableBlock[], file: string, cloneDir: string): string {
  const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const parts = ['set -euo pipefail', 'cd "$UET_DOC_ROOT"'];
  for (const b of blocks) {
    parts.push(`printf '\\n### %s\\n' ${q(`${file}:${b.line} (${b.kind === 'write' ? `write ${b.path}` : b.kind})`)}`);
    if (b.kind === 'write') {
      const target = `"$UET_DOC_ROOT"/${q(b.path)}`;
      parts.push(`mkdir -p "$(dirname ${target})"`, `cat > ${target} <<'UET_RUNNABLE_EOF'\n${b.code}\nUET_RUNNABLE_EOF`);
    } else if (b.kind === 'in-clone') {
      parts.push(`( cd ${q(cloneDir)}\n${b.code}\n)`);
    } else {
      parts.push(b.code);
    }
  }
  return `${parts.join('\n')}\n`;
}

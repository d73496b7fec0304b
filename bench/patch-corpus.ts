// A deterministic series of patches for the patch benchmark: text files in a small repository, each patch editing
// one to three of them (a few lines changed, added or removed, sometimes a new file), every patch made against the
// state the previous ones left. Diffs are in git's format (diff --git, ---/+++, hunks with 3 lines of context).
import { structuredPatch } from 'diff';

export interface CorpusPatch {
  readonly diff: string;
  /** Paths the patch touches. */
  readonly paths: readonly string[];
}

export interface Corpus {
  readonly initial: Record<string, string>;
  readonly patches: readonly CorpusPatch[];
}

/** A small linear congruential generator, so that every run benchmarks the same corpus. */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

function fileDiff(path: string, before: string | undefined, after: string): string {
  const p = structuredPatch(`a/${path}`, `b/${path}`, before ?? '', after, '', '', { context: 3 });
  const head = before === undefined ? `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n` : `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n`;
  const hunks = p.hunks.map((h) => {
    const old = h.oldLines === 0 ? `${h.oldStart - 1},0` : h.oldLines === 1 ? `${h.oldStart}` : `${h.oldStart},${h.oldLines}`;
    const neu = h.newLines === 0 ? `${h.newStart - 1},0` : h.newLines === 1 ? `${h.newStart}` : `${h.newStart},${h.newLines}`;
    return `@@ -${old} +${neu} @@\n${h.lines.join('\n')}\n`;
  });
  return head + hunks.join('');
}

export function buildCorpus(count: number, seed = 7): Corpus {
  const rnd = random(seed);
  const files = new Map<string, string>();
  for (let f = 0; f < 40; f++) {
    const lines = Array.from({ length: 60 }, (_, i) => `line ${i} of module ${f}: value = ${rnd(1000)};`);
    files.set(`src/module-${f}.ts`, lines.join('\n') + '\n');
  }
  const initial = Object.fromEntries(files);
  const patches: CorpusPatch[] = [];
  for (let n = 0; n < count; n++) {
    const touched = 1 + rnd(3);
    const parts: string[] = [];
    const paths: string[] = [];
    for (let k = 0; k < touched; k++) {
      if (rnd(20) === 0) {
        const path = `src/new-${n}-${k}.ts`;
        const text = Array.from({ length: 1 + rnd(15) }, (_, i) => `export const v${i} = ${rnd(100)};`).join('\n') + '\n';
        parts.push(fileDiff(path, undefined, text));
        files.set(path, text);
        paths.push(path);
        continue;
      }
      const names = [...files.keys()];
      const path = names[rnd(names.length)]!;
      if (paths.includes(path)) continue;
      const lines = files.get(path)!.split('\n').slice(0, -1);
      const at = rnd(Math.max(1, lines.length - 3));
      const edit = rnd(3);
      if (edit === 0) lines.splice(at, 1, `line changed by patch ${n}: value = ${rnd(1000)};`);
      else if (edit === 1) lines.splice(at, 0, `// added by patch ${n}`, `const extra${n} = ${rnd(1000)};`);
      else if (lines.length > 10) lines.splice(at, 1);
      else lines.push(`// appended by patch ${n}`);
      const after = lines.join('\n') + '\n';
      if (after === files.get(path)) continue;
      parts.push(fileDiff(path, files.get(path), after));
      files.set(path, after);
      paths.push(path);
    }
    if (parts.length) patches.push({ diff: parts.join(''), paths });
    else n -= 1;
  }
  return { initial, patches };
}

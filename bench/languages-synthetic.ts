// A synthetic repository of `count` files for the language benchmark: nested directories of small
// Python, TypeScript, Go, C, Markdown and JSON files, committed and packed (as real repositories are).
// Kept between runs under UET_BENCH_TMP (default the OS temp directory), keyed by the file count.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BODIES: readonly [string, (i: number) => string][] = [
  ['py', (i) => `import os\n\n\ndef f${i}(x):\n    return os.path.join(str(x), "${i}")\n`.repeat(8)],
  ['ts', (i) => `export function f${i}(x: number): number {\n  return x * ${i};\n}\n`.repeat(10)],
  ['go', (i) => `package p\n\nfunc F${i}(x int) int {\n\treturn x + ${i}\n}\n`.repeat(8)],
  ['c', (i) => `int f${i}(int x) {\n  return x + ${i};\n}\n`.repeat(12)],
  ['h', (i) => `#ifndef H${i}\n#define H${i}\nint f${i}(int x);\n#endif\n`],
  ['md', (i) => `# Page ${i}\n\nSome words about item ${i}.\n`.repeat(4)],
  ['json', (i) => `{"id": ${i}, "name": "item-${i}"}\n`],
];

function git(dir: string, ...args: string[]): void {
  execFileSync(
    'git',
    ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'gc.auto=0', ...args],
    {
      cwd: dir,
      stdio: 'ignore',
    },
  );
}

/** The path of a committed, packed repository with `count` files (made on first use). */
export function syntheticRepo(count: number): string {
  const dir = path.join(process.env.UET_BENCH_TMP ?? os.tmpdir(), `uet-bench-languages-${count}`);
  if (existsSync(path.join(dir, '.ready'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  for (let i = 0; i < count; i++) {
    const [ext, body] = BODIES[i % BODIES.length]!;
    const sub = path.join(dir, `pkg${Math.floor(i / 2000)}`, `mod${Math.floor(i / 100) % 20}`);
    if (i % 100 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `file${i}.${ext}`), body(i));
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'synthetic');
  git(dir, 'gc', '-q');
  writeFileSync(path.join(dir, '.ready'), '');
  return dir;
}

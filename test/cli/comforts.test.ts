// Issue 18 items 10 and 11: the comforts users of gh, cargo or terraform expect. Conflicting flags are usage errors;
// ledger ids take a unique prefix and an unknown run is said; --quiet, --no-progress and plain output off a
// terminal; every --help lists its exit codes and the root help names UET_DEBUG and the docs (which exist).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { createTempRepo, makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { runUet } from './run-uet.js';

afterAll(removeTempDirs);
const env = { PATH: process.env.PATH ?? '' };
const BUNDLE = `bundle_id: c\nworkstreams:\n  - ws_id: A\n    completion_criteria: [one.txt holds 1]\n    steps:\n      - {step_id: one, tool_profile_id: shell, context: {create_files: [one.txt], command: 'echo 1 > one.txt'}}\n      - {step_id: two, tool_profile_id: shell, context: {create_files: [two.txt], command: 'echo 2 > two.txt'}}\n`;
/** Emoji and other pictographs: none may reach a pipe or a dumb terminal. */
const EMOJI = /\p{Extended_Pictographic}/u;

let repo = '';
let bundle = '';
beforeAll(async () => {
  repo = await createTempRepo();
  bundle = join(await makeTempDir('uet-comforts-'), 'b.yaml');
  writeFileSync(bundle, BUNDLE);
  const r = await runUet(['run', bundle, '--quiet'], { cwd: repo, env });
  expect(r.code, r.stderr).toBe(0);
}, 60_000);

/** main() as on a terminal (isTTY) with `term`. */
async function onTerminal(args: string[], term: string): Promise<string> {
  let out = '';
  await main(['node', 'uet', ...args], { cwd: repo, env: { ...env, TERM: term }, isTTY: true, stdout: (t) => void (out += t), stderr: (t) => void (out += t) });
  return out;
}

describe('conflicting flags are usage errors', () => {
  it.each([
    [['status', '--json', '--format', 'mermaid'], '--json and --format cannot be used together'],
    [['status', '--json', '--watch'], '--json and --watch cannot be used together'],
    [['plan', 'BUNDLE', '--json', '--format', 'mermaid'], '--json and --format cannot be used together'],
    [['bootstrap', '.', '--force'], '--force goes with --write: it lets --write replace files that exist and differ'],
    [['run', 'BUNDLE', '--json', '--quiet'], '--json and --quiet cannot be used together'],
    [['resume', 'X', '--json', '-q'], '--json and --quiet cannot be used together'],
  ])('uet %j', async (args, message) => {
    const r = await runUet(args.map((a) => (a === 'BUNDLE' ? bundle : a)), { cwd: repo, env });
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: `uet: ${message}\n` });
  });
});

describe('ledger ids', () => {
  it('ledger show takes a unique prefix (any case); an ambiguous one lists the patches; ledger list --run <unknown> says so', async () => {
    const list = JSON.parse((await runUet(['ledger', 'list', '--json'], { cwd: repo, env })).stdout) as { patch_id: string }[];
    expect(list).toHaveLength(2);
    const [a, b] = list.map((p) => p.patch_id) as [string, string];
    let common = 0;
    while (a[common] === b[common]) common++;
    const shown = await runUet(['ledger', 'show', a.slice(0, common + 1).toLowerCase()], { cwd: repo, env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(a);
    const ambiguous = await runUet(['ledger', 'show', a.slice(0, common)], { cwd: repo, env });
    expect(ambiguous).toMatchObject({ code: 2, stderr: `uet: patch ${a.slice(0, common)} is ambiguous in ${repo}: it starts 2 patches (${[a, b].sort().join(', ')}); give more characters\n` });
    expect(await runUet(['ledger', 'list', '--run', '01NOSUCHRUN'], { cwd: repo, env })).toMatchObject({ code: 2, stderr: `uet: unknown run 01NOSUCHRUN in ${repo} (see \`uet runs\`)\n` });
  });
});

describe('output for terminals, pipes and scripts', () => {
  it('--quiet prints the one-line outcome; --no-progress only the final status', async () => {
    const quiet = await runUet(['run', bundle, '--quiet'], { cwd: repo, env });
    expect(quiet.stdout).toMatch(/^run \w{26} succeeded \(branch uet\/run\/\w{26}\)\n$/);
    const noProgress = await runUet(['run', bundle, '--no-progress'], { cwd: repo, env });
    expect(noProgress.stdout).toContain('State: SUCCEEDED');
    expect(noProgress.stdout).not.toMatch(/step_started|started one/);
  }, 60_000);

  it('status: emoji on a terminal, none with TERM=dumb or through a pipe', async () => {
    expect(await onTerminal(['status'], 'xterm-256color')).toMatch(EMOJI);
    const dumb = await onTerminal(['status'], 'dumb');
    expect(dumb).toContain('State: SUCCEEDED');
    expect(dumb).not.toMatch(EMOJI);
    expect(dumb).not.toContain('\x1b');
    const piped = await runUet(['status'], { cwd: repo, env });
    expect(piped.stdout).toContain('State: SUCCEEDED');
    expect(piped.stdout).not.toMatch(EMOJI);
  });
});

describe('times', () => {
  it('status shows the start in local time with its zone (TZ), not UTC without a marker', async () => {
    const json = JSON.parse((await runUet(['status', '--json'], { cwd: repo, env })).stdout) as { run_record: { created_at: string } };
    const created = new Date(json.run_record.created_at);
    const tokyo = new Date(created.getTime() + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    const shown = /Started: (\S+ \S+) (\S+)/.exec((await runUet(['status'], { cwd: repo, env: { ...env, TZ: 'Asia/Tokyo' } })).stdout);
    expect(shown?.[1]?.slice(0, 16)).toBe(tokyo);
    expect(shown?.[2]).toMatch(/^(GMT\+9|JST)$/);
    expect((await runUet(['status'], { cwd: repo, env: { ...env, TZ: 'UTC' } })).stdout).toMatch(/Started: \S+ \S+ UTC\b/);
  });
});

describe('help', () => {
  const COMMANDS = ['init', 'validate', 'plan', 'run', 'resume', 'status', 'runs', 'logs', 'cancel', 'ledger', 'ledger list', 'ledger show', 'ledger rollback', 'bootstrap', 'convert', 'clean', 'completion', 'schedule', 'schedule ls'];
  it.each(COMMANDS)('uet %s --help lists its exit codes', async (command) => {
    const r = await runUet([...command.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nExit codes:\n {2}0 {4}\S/);
  });

  it('the root help names UET_DEBUG, uet init and the docs, and the docs it names exist', async () => {
    const r = await runUet(['--help']);
    expect(r.stdout).toContain('UET_DEBUG=1');
    expect(r.stdout).toContain('`uet init`');
    const docs = /Documentation: (\S+) and (\S+)\/ \(first-bundle\.md/.exec(r.stdout);
    expect(docs).not.toBeNull();
    expect(existsSync(docs![1]!)).toBe(true);
    expect(existsSync(join(docs![2]!, 'first-bundle.md'))).toBe(true);
  });
});

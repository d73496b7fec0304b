import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempRepo, git, removeTempDirs } from '../helpers/temp-repo.js';

afterAll(removeTempDirs);

const KEY = 'sk-ant-api03-canary-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lz';
const TOKEN = 'ghs_canaryTokenAbCdEfGhIjKlMnOpQrStUvWx12';
const SUPPORT = path.join(import.meta.dirname, 'support/run-with-keys.ts');

/** Runs a step or gate in a UET process whose own environment holds the keys; its outcome as JSON. */
async function runWithKeys(repo: string, kind: 'step' | 'gate', command: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', SUPPORT, repo, kind, command], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', UET_WORKTREES_DIR: process.env.UET_WORKTREES_DIR ?? '', ANTHROPIC_API_KEY: KEY, GITHUB_TOKEN: TOKEN },
    timeout: 60_000,
  });
  return stdout;
}

/** Every file UET wrote under .uet/, concatenated. */
async function everythingRecorded(repo: string): Promise<string> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(await readFile(p, 'utf8'));
    }
  };
  await walk(path.join(repo, '.uet'));
  return out.join('\n');
}

/** The secrets found in `text`: raw, URL-encoded, or inside any base64 run (decoded at each of the four offsets). */
function leaks(text: string): string[] {
  const decoded = [...text.matchAll(/[A-Za-z0-9+/=_-]{16,}/g)].flatMap((m) => [0, 1, 2, 3].map((o) => Buffer.from(m[0].slice(o), 'base64').toString('latin1')));
  return [KEY, TOKEN].filter((s) => [text, decodeURIComponent(text.replace(/%(?![0-9A-F]{2})/gi, '%25')), ...decoded].some((t) => t.includes(s.slice(2, -2))));
}

describe('secrets UET holds are redacted from what it records, and a patch holding one is quarantined', () => {
  it('a gate that prints its environment and its parent\'s (/proc/$PPID/environ) records no key: output tail and log', async () => {
    const repo = await createTempRepo({ 'README.md': 'hello\n' });
    const out = await runWithKeys(repo, 'gate', 'env; tr "\\0" "\\n" < /proc/$PPID/environ; base64 -w0 /proc/$PPID/environ');
    const outcome = JSON.parse(out) as { outputTail: string };
    expect(outcome.outputTail).toContain('[redacted ANTHROPIC_API_KEY]'); // the attack reached the key, and was caught
    expect(leaks(out)).toEqual([]);
    expect(leaks(await everythingRecorded(repo))).toEqual([]);
  }, 90_000);

  it('a tool whose output echoes the key records no key: its log, its output tail, the failure message', async () => {
    const repo = await createTempRepo({ 'README.md': 'hello\n' });
    const out = await runWithKeys(repo, 'step', 'tr "\\0" "\\n" < /proc/$PPID/environ | grep -E "KEY|TOKEN"; printf "%s" "$(tr "\\0" "\\n" < /proc/$PPID/environ | grep ANTHROPIC | cut -d= -f2)" | head -c 20; echo; exit 3');
    expect(JSON.parse(out)).toMatchObject({ ok: false, message: expect.stringContaining('[redacted ANTHROPIC_API_KEY]') });
    expect(leaks(out)).toEqual([]);
    const recorded = await everythingRecorded(repo);
    expect(recorded).toContain('[redacted GITHUB_TOKEN]');
    expect(leaks(recorded)).toEqual([]);
  }, 90_000);

  it('a patch that writes the key into a file is quarantined (secret_in_patch), and neither the ledger nor the quarantine record holds the key', async () => {
    const repo = await createTempRepo({ 'README.md': 'hello\n' });
    const out = await runWithKeys(repo, 'step', 'tr "\\0" "\\n" < /proc/$PPID/environ | grep ANTHROPIC_API_KEY > config.env; echo ok');
    const outcome = JSON.parse(out) as { ok: boolean; errorClass: string; events: { type: string; data: { quarantine_reason?: string; reasons?: string[] } }[] };
    expect(outcome).toMatchObject({ ok: false, errorClass: 'policy_violation' });
    const quarantined = outcome.events.find((e) => e.type === 'patch_quarantined')!;
    expect(quarantined.data.quarantine_reason).toBe('policy_violation');
    expect(quarantined.data.reasons?.join('\n')).toMatch(/secret_in_patch: config\.env: adds the value of ANTHROPIC_API_KEY \(first at line 1\)/);
    expect(leaks(out)).toEqual([]);
    const recorded = await everythingRecorded(repo);
    expect(recorded).toMatch(/ANTHROPIC_API_KEY=\[redacted ANTHROPIC_API_KEY\]/); // the quarantined diff, redacted
    expect(leaks(recorded)).toEqual([]);
    expect(await git(repo, 'rev-parse', 'uet/run/r1')).toBe(await git(repo, 'rev-parse', 'main')); // nothing reached the run branch
  }, 90_000);
});

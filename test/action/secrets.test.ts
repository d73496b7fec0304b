import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist } from './support/build-dist.js';
import { createActionRepo, git, RUN_ID, runAction, stepInputs } from './support/action-repo.js';

beforeAll(buildDist);

const KEY = 'sk-ant-api03-canary-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lz';
const TOKEN = 'ghs_not_a_real_token'; // what runAction gives the job as INPUT_TOKEN
const runRef = `refs/heads/uet/run/${RUN_ID}`;
const KEYS = { ANTHROPIC_API_KEY: KEY };

/** Whether `text` holds the secret raw, URL-encoded, or inside a base64 run (decoded at each offset). */
const holds = (text: string, secret: string) =>
  [text, ...[...text.matchAll(/[A-Za-z0-9+/=_-]{16,}/g)].flatMap((m) => [0, 1, 2, 3].map((o) => Buffer.from(m[0].slice(o), 'base64').toString('latin1')))].some((t) => t.includes(secret.slice(2, -2)));

describe('action: the credentials a job holds are redacted from what it records and shows', () => {
  it('a step whose output echoes the key it can read from its parent: attempt.json, the summary and the outputs hold no key', async () => {
    const repo = createActionRepo({ command: 'tr "\\0" "\\n" < /proc/$PPID/environ | grep -E "ANTHROPIC|INPUT_TOKEN"; base64 -w0 /proc/$PPID/environ; exit 4' });
    const patchDir = join(repo.root, 'patch');
    const exec = await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'), KEYS);
    const attempt = readFileSync(join(patchDir, 'attempt.json'), 'utf8');
    expect(JSON.parse(attempt)).toMatchObject({ ok: false });
    expect(attempt).toContain('[redacted ANTHROPIC_API_KEY]'); // the attack reached the key
    for (const text of [attempt, exec.summary, JSON.stringify(exec.outputs)]) {
      expect(holds(text, KEY)).toBe(false);
      expect(holds(text, TOKEN)).toBe(false);
    }
    // The job asks the runner to mask it in its log (::add-mask::, a command the runner consumes); nothing else prints it.
    expect(exec.stdout).toContain(`::add-mask::${KEY}`);
    expect(exec.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n')).not.toContain(KEY);
  });

  it('a step that writes the key into a file: quarantined in execute (secret_in_patch), patch.json holds it redacted; integrate lands nothing', async () => {
    const repo = createActionRepo({ command: 'tr "\\0" "\\n" < /proc/$PPID/environ | grep ANTHROPIC_API_KEY > config.env' });
    const patchDir = join(repo.root, 'patch');
    const exec = await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'), KEYS);
    expect(exec.outputs, exec.stdout + exec.stderr).toMatchObject({ conclusion: 'failure', ledger_state: 'quarantined' });
    const patch = readFileSync(join(patchDir, 'patch.json'), 'utf8');
    const attempt = readFileSync(join(patchDir, 'attempt.json'), 'utf8');
    expect(patch).toContain('ANTHROPIC_API_KEY=[redacted ANTHROPIC_API_KEY]');
    expect(attempt).toMatch(/secret_in_patch/);
    for (const text of [patch, attempt, exec.summary]) expect(holds(text, KEY)).toBe(false);
    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
    expect(integ.outputs).toMatchObject({ conclusion: 'failure', ledger_state: 'quarantined' });
    expect(repo.refSha(runRef)).toBe(repo.mainSha);
    expect(holds(repo.ledgerFile('events.jsonl'), KEY)).toBe(false);
  });

  it('integrate quarantines a forged patch that adds the job\'s own token, and records a forged message without it', async () => {
    const repo = createActionRepo({ command: 'echo hello > hello.txt' });
    const patchDir = join(repo.root, 'patch');
    await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'));
    const patchFile = join(patchDir, 'patch.json');
    const artifact = JSON.parse(readFileSync(patchFile, 'utf8')) as { diff_text: string; diff_sha256?: string };
    artifact.diff_text = artifact.diff_text.replace('+hello', `+${TOKEN}`);
    delete artifact.diff_sha256;
    writeFileSync(patchFile, JSON.stringify(artifact));
    const attemptFile = join(patchDir, 'attempt.json');
    writeFileSync(attemptFile, JSON.stringify({ ...JSON.parse(readFileSync(attemptFile, 'utf8')), message: `token ${TOKEN}` }));
    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
    expect(integ.outputs).toMatchObject({ conclusion: 'failure', ledger_state: 'quarantined' });
    expect(repo.refSha(runRef)).toBe(repo.mainSha);
    const ledger = git(repo.bare, ['log', '-p', '--format=%B', `refs/uet/runs/${RUN_ID}`]);
    expect(ledger).toMatch(/secret_in_patch: hello\.txt: adds the value of INPUT_TOKEN/);
    expect(holds(ledger, TOKEN)).toBe(false);
  });
});

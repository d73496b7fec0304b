import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist } from './support/build-dist.js';
import { createActionRepo, runAction, stepInputs } from './support/action-repo.js';

beforeAll(buildDist);

const BIG = ['self-hosted', 'linux', 'x64', '16core'];
/** s1 runs on class `big`, as .github/uet.yml mapped it when the run was created; the command leaves a marker. */
const bigRepo = () =>
  createActionRepo({ command: 'touch ../step-ran', runsOn: 'big', runners: { big: { labels: BIG }, deploy: { labels: ['self-hosted', 'prod-deploy'] } } });
const runner = (o: object) => JSON.stringify({ class: 'big', runs_on: BIG, timeout_minutes: 20, ...o });

describe('the sandbox runs on the runner class the ledger records (ADR 0026)', () => {
  it('runs the step when the runner input is the recorded class', async () => {
    const repo = bigRepo();
    const run = await runAction(repo.clone('sandbox'), { ...stepInputs(join(repo.root, 'patch'), 'execute'), runner: runner({}) });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(existsSync(join(repo.root, 'step-ran'))).toBe(true);
  });
});

describe('attack: a runner input forged to another runner', () => {
  it('a privileged label (the deploy runner) is refused before the checkout runs anything', async () => {
    const repo = bigRepo();
    const forged = runner({ class: 'big', runs_on: ['self-hosted', 'prod-deploy'] });
    const run = await runAction(repo.clone('sandbox'), { ...stepInputs(join(repo.root, 'patch'), 'execute'), runner: forged });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error::the dispatch's runs_on is ["self-hosted","prod-deploy"], but class "big" is ${JSON.stringify(BIG)} in the run's ledger: refusing to run it`);
    expect(existsSync(join(repo.root, 'step-ran'))).toBe(false);
  });

  it('another configured class than the node\'s is refused', async () => {
    const repo = bigRepo();
    const forged = runner({ class: 'deploy', runs_on: ['self-hosted', 'prod-deploy'] });
    const run = await runAction(repo.clone('sandbox'), { ...stepInputs(join(repo.root, 'patch'), 'execute'), runner: forged });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`the dispatch's runner class is "deploy", but the run's ledger gives s1 the class "big"`);
    expect(existsSync(join(repo.root, 'step-ran'))).toBe(false);
  });

  it('a timeout past the node\'s limit is refused (a job may not hold a runner for six hours)', async () => {
    const repo = bigRepo();
    const run = await runAction(repo.clone('sandbox'), { ...stepInputs(join(repo.root, 'patch'), 'execute'), runner: runner({ timeout_minutes: 360 }) });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("the dispatch's timeout_minutes is 360, but s1 may take at most");
    expect(existsSync(join(repo.root, 'step-ran'))).toBe(false);
  });

  it('a runner input that is not the JSON the app sends is refused as a bad input', async () => {
    const repo = bigRepo();
    const run = await runAction(repo.clone('sandbox'), { ...stepInputs(join(repo.root, 'patch'), 'execute'), runner: '{"class":"big","runs_on":"self-hosted","timeout_minutes":20,"extra":1}' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('input runner: expected {"class"');
    expect(existsSync(join(repo.root, 'step-ran'))).toBe(false);
  });
});

describe('attack: a dispatch made by hand for a run that waits for approval', () => {
  it('is refused by the sandbox before anything of the step runs', async () => {
    const repo = createActionRepo({ command: 'touch ../step-ran', approval: { min: 2, grantedBy: ['alice'] } });
    const run = await runAction(repo.clone('sandbox'), stepInputs(join(repo.root, 'patch'), 'execute'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('waits for approval (1 of 2): refusing to run s1');
    expect(existsSync(join(repo.root, 'step-ran'))).toBe(false);
  });

  it('runs once the approvals are in (control)', async () => {
    const repo = createActionRepo({ command: 'touch ../step-ran', approval: { min: 2, grantedBy: ['alice', 'bob'] } });
    const run = await runAction(repo.clone('sandbox'), stepInputs(join(repo.root, 'patch'), 'execute'));
    expect(run.code, run.stdout).toBe(0);
    expect(existsSync(join(repo.root, 'step-ran'))).toBe(true);
  });
});

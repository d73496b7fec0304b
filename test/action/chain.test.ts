import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ledgerRef, startRef } from '../../src/adapters/github/ledger-layout.js';
import { buildDist } from './support/build-dist.js';
import { createActionRepo, git, RUN_ID, runAction, stepInputs } from './support/action-repo.js';

beforeAll(buildDist);

interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

let server: Server | undefined;
afterEach(() => server?.close());

/** GitHub's dispatch endpoint on loopback: records each request and answers `status`. */
async function fakeApi(status: number): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body: JSON.parse(text || 'null') });
      res.writeHead(status, { 'content-type': 'application/json' }).end(status === 204 ? '' : JSON.stringify({ message: 'Resource not accessible by integration' }));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const runnerEnv = (apiUrl: string) => ({
  GITHUB_API_URL: apiUrl,
  GITHUB_WORKFLOW_REF: 'acme/widgets/.github/workflows/uet.yml@refs/heads/main',
  GITHUB_REF: 'refs/heads/main',
});

async function executed() {
  const repo = createActionRepo({ command: 'echo one > one.txt', next: 'echo two > two.txt' });
  const patchDir = join(repo.root, 'patch');
  const exec = await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'));
  expect(exec.code, exec.stdout + exec.stderr).toBe(0);
  return { repo, patchDir };
}

describe('action: the integrate job chains the run (ADR 0010)', () => {
  it('claims the next start in the same atomic push as the ledger append, then dispatches it with the job token', async () => {
    const { repo, patchDir } = await executed();
    const api = await fakeApi(204);
    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'), runnerEnv(api.url));
    expect(integ.code, integ.stdout + integ.stderr).toBe(0);
    const head = repo.refSha(`refs/${ledgerRef(RUN_ID)}`)!;
    // The claim points at the ledger commit that recorded s1's outcome: both moved in one push.
    expect(repo.refSha(`refs/${startRef(RUN_ID, 's2', 1)}`)).toBe(head);
    expect(repo.refSha(`refs/${startRef(RUN_ID, 's1', 1)}`)).toBeNull();
    expect(repo.ledgerEvents().at(-1)).toMatchObject({ type: 'step_succeeded', data: { step_id: 's1' } });
    expect(git(repo.bare, ['log', '-1', '--format=%B', head])).toContain('starts s2/1');
    expect(api.received).toEqual([
      {
        method: 'POST',
        url: '/repos/acme/widgets/actions/workflows/uet.yml/dispatches',
        authorization: 'token ghs_not_a_real_token',
        body: {
          ref: 'refs/heads/main',
          inputs: { run_id: RUN_ID, step_id: 's2', attempt: '1', payload_ref: `refs/${startRef(RUN_ID, 's2', 1)}`, tool: 'none', runner: '{"class":"default","runs_on":"ubuntu-latest","timeout_minutes":40}' },
        },
      },
    ]);
    expect(integ.summary).toContain('next: s2 attempt 1 dispatched');
  });

  it("dispatches an AI step with the tool job its route names in the ledger (the dispatch's tool input)", async () => {
    const repo = createActionRepo({ command: 'echo one > one.txt', next: 'echo two > two.txt', nextTool: 'codex' });
    const patchDir = join(repo.root, 'patch');
    const exec = await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'));
    expect(exec.code, exec.stdout + exec.stderr).toBe(0);
    const api = await fakeApi(204);
    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'), runnerEnv(api.url));
    expect(integ.code, integ.stdout + integ.stderr).toBe(0);
    expect(api.received.map((r) => (r.body as { inputs: Record<string, string> }).inputs)).toEqual([
      expect.objectContaining({ step_id: 's2', tool: 'codex' }),
    ]);
  });

  it('withdraws its claim when GitHub refuses the dispatch (no actions: write), so that the app starts it', async () => {
    const { repo, patchDir } = await executed();
    const api = await fakeApi(403);
    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'), runnerEnv(api.url));
    expect(integ.code, integ.stdout + integ.stderr).toBe(0);
    expect(api.received).toHaveLength(1);
    expect(repo.refSha(`refs/${startRef(RUN_ID, 's2', 1)}`)).toBeNull();
    expect(integ.stdout).toContain('claim withdrawn: the app starts it');
    expect(repo.ledgerEvents().at(-1)).toMatchObject({ type: 'step_succeeded', data: { step_id: 's1' } });
  });

  it('claims nothing when another writer already claimed the start: its push loses, and it re-reads', async () => {
    const { repo, patchDir } = await executed();
    const api = await fakeApi(204);
    // The app claimed s2 already (a rare path), at the current ledger head.
    git(repo.bare, ['update-ref', `refs/${startRef(RUN_ID, 's2', 1)}`, repo.refSha(`refs/${ledgerRef(RUN_ID)}`)!]);
    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'), runnerEnv(api.url));
    expect(integ.code, integ.stdout + integ.stderr).toBe(0);
    expect(api.received).toEqual([]);
    // s2's claim was seen: its start is recorded with s1's outcome, and nothing more is started.
    const types = repo.ledgerEvents().map((e) => (e.type === 'step_started' ? `${e.type}:${e.data.step_id}` : e.type));
    expect(types.filter((t) => t.startsWith('step_started'))).toEqual(['step_started:s1', 'step_started:s2']);
  });

  it('with chain: false records the outcome and leaves the next start to the app', async () => {
    const { repo, patchDir } = await executed();
    const api = await fakeApi(204);
    const integ = await runAction(repo.clone('integrate'), { ...stepInputs(patchDir, 'integrate'), chain: 'false' }, runnerEnv(api.url));
    expect(integ.code, integ.stdout + integ.stderr).toBe(0);
    expect(api.received).toEqual([]);
    expect(repo.refSha(`refs/${startRef(RUN_ID, 's2', 1)}`)).toBeNull();
  });
});

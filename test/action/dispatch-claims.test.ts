import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchClaim, type DispatchTarget } from '../../src/action/dispatch-claims.js';

const RUN = '01JQ7Z0000000000000000RXN1';
interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

let server: Server | undefined;
afterEach(() => server?.close());

/** GitHub on loopback: answers each request with the next of `answers` (per method), and records the requests. */
async function api(answers: { POST: Answer[]; GET?: Answer[] }): Promise<{ target: DispatchTarget; seen: string[] }> {
  const seen: string[] = [];
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      const a = (req.method === 'POST' ? answers.POST : (answers.GET ?? [])).shift() ?? { status: 500 };
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(a.body === undefined ? '' : JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { target: { apiUrl, repository: 'acme/widgets', workflow: 'uet.yml', ref: 'refs/heads/main', token: 'ghs_x' }, seen };
}

const claim = { nodeId: 'gate:code:unit', attempt: 2, tool: 'none' as const, runner: { class: 'default', runs_on: 'ubuntu-latest', timeout_minutes: 20 } };
const POST = 'POST /repos/acme/widgets/actions/workflows/uet.yml/dispatches';
const runs = (title: string) => ({ status: 200, body: { total_count: 1, workflow_runs: [{ id: 7, display_title: title }] } });

describe('the action dispatches through @octokit/rest (retry and throttling), never repeating a POST that may have landed', () => {
  it('waits out a secondary rate limit as GitHub asks and repeats the dispatch (a rate-limited request was not carried out)', async () => {
    const { target, seen } = await api({
      POST: [{ status: 403, body: { message: 'You have exceeded a secondary rate limit' }, headers: { 'retry-after': '1' } }, { status: 204 }],
    });
    expect(await dispatchClaim(target, RUN, claim, { lookupAfterMs: 0 })).toEqual({ status: 'dispatched' });
    expect(seen).toEqual([POST, POST]);
  });

  it('a 502 is not repeated: the dispatch is looked up by its run-name, and one found counts as dispatched', async () => {
    const { target, seen } = await api({ POST: [{ status: 502 }, { status: 204 }], GET: [runs(`uet:${RUN}:gate:code:unit:2`)] });
    expect(await dispatchClaim(target, RUN, claim, { lookupAfterMs: 0 })).toEqual({ status: 'dispatched' });
    expect(seen).toEqual([POST, expect.stringMatching(/^GET \/repos\/acme\/widgets\/actions\/workflows\/uet.yml\/runs\?event=workflow_dispatch&per_page=100$/)]);
  });

  it('a 502 with no workflow run of that name yet stays unknown: the claim is kept for the reconciler', async () => {
    const { target, seen } = await api({ POST: [{ status: 502 }, { status: 204 }], GET: [runs(`uet:${RUN}:gate:code:unit:1`)] });
    const outcome = await dispatchClaim(target, RUN, claim, { lookupAfterMs: 0 });
    expect(outcome).toMatchObject({ status: 'unknown', message: expect.stringContaining('GitHub answered 502') });
    expect(seen.filter((s) => s === POST)).toHaveLength(1);
  });

  it('a refusal (422: an input the workflow does not declare) is refused: the claim is withdrawn for the app', async () => {
    const { target } = await api({ POST: [{ status: 422, body: { message: 'Unexpected inputs provided: ["tool"]' } }] });
    expect(await dispatchClaim(target, RUN, claim, { lookupAfterMs: 0 })).toMatchObject({ status: 'refused', message: expect.stringContaining('Unexpected inputs provided') });
  });
});

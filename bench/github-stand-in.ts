import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export interface GitHubStandIn {
  readonly url: string;
  /** Requests answered, by `METHOD /route` (path parameters as `:x`). */
  readonly counts: Map<string, number>;
  /** Requests it has no answer for (404): a sign the benchmark no longer measures the intended path. */
  readonly unknown: string[];
  close(): Promise<void>;
}

type Answer = [status: number, body: unknown];

/** `GET` here answers `{ counts, unknown }` (not counted): how the benchmark reads a stand-in in another process. */
export const STATS_PATH = '/_stand-in/stats';

const sha = () => randomBytes(20).toString('hex');

/**
 * A stand-in for GitHub's REST API on loopback, for the acknowledgement benchmark: it answers the requests of a
 * `/uet status` comment by a writer (installation token, permission check, trigger claim commit and ref, 👀,
 * configuration (none), the run index (empty), the reply), each after `delayMs`, so that handling a delivery takes
 * longer than acknowledging it. Shapes follow GitHub's REST description; it keeps no state.
 */
export async function startGitHubStandIn(delayMs: number): Promise<GitHubStandIn> {
  const counts = new Map<string, number>();
  const unknown: string[] = [];
  const route = (method: string, path: string, body: Record<string, unknown>): [string, Answer] => {
    const p = path.split('?')[0]!;
    let m: RegExpExecArray | null;
    if (method === 'GET' && p === STATS_PATH)
      return ['stats', [200, { counts: Object.fromEntries(counts), unknown }]];
    if (method === 'GET' && p === '/app') {
      // The app reads its own slug once per process (its @mention starts requests in plain words).
      return ['GET /app', [200, { id: 4242, slug: 'uet-bench', name: 'UET bench', owner: { login: 'acme' } }]];
    }
    if (method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(p)) {
      const expires = new Date(Date.now() + 3_600_000).toISOString();
      return [
        'POST /app/installations/:id/access_tokens',
        [201, { token: `ghs_${sha()}`, expires_at: expires, permissions: {}, repository_selection: 'all' }],
      ];
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/collaborators\/([^/]+)\/permission$/.exec(p))) {
      return [
        'GET /repos/:o/:r/collaborators/:u/permission',
        [200, { permission: 'write', role_name: 'write', user: { login: decodeURIComponent(m[1]!) } }],
      ];
    }
    if (method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/git\/commits$/.test(p)) {
      return [
        'POST /repos/:o/:r/git/commits',
        [201, { sha: sha(), message: body.message, tree: { sha: body.tree }, parents: [] }],
      ];
    }
    if (method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/git\/refs$/.test(p)) {
      return [
        'POST /repos/:o/:r/git/refs',
        [201, { ref: body.ref, object: { sha: body.sha, type: 'commit' } }],
      ];
    }
    if (method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+\/reactions$/.test(p)) {
      return ['POST /repos/:o/:r/issues/comments/:id/reactions', [201, { id: 1, content: body.content }]];
    }
    if (method === 'GET' && /^\/repos\/[^/]+\/[^/]+\/contents\//.test(p)) {
      return ['GET /repos/:o/:r/contents/:path', [404, { message: 'Not Found' }]];
    }
    if (method === 'GET' && /^\/repos\/[^/]+\/[^/]+\/git\/matching-refs\//.test(p)) {
      return ['GET /repos/:o/:r/git/matching-refs/:ref', [200, []]];
    }
    if (method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/.test(p)) {
      return [
        'POST /repos/:o/:r/issues/:n/comments',
        [201, { id: Number.parseInt(sha().slice(0, 8), 16), body: body.body }],
      ];
    }
    unknown.push(`${method} ${p}`);
    return ['unknown', [404, { message: 'Not Found' }]];
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [key, [status, body]] = route(
        req.method ?? 'GET',
        req.url ?? '/',
        text ? (JSON.parse(text) as Record<string, unknown>) : {},
      );
      if (key !== 'stats') counts.set(key, (counts.get(key) ?? 0) + 1);
      setTimeout(() => {
        const out = JSON.stringify(body);
        res.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(out),
        });
        res.end(out);
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    unknown,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// `node --import tsx bench/github-stand-in.ts <delay ms>`: the stand-in in a process of its own, so that its work
// does not slow down the benchmark's client. Prints `listening on <url>`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const standIn = await startGitHubStandIn(Number(process.argv[2] ?? 30));
  process.stdout.write(`listening on ${standIn.url}\n`);
}

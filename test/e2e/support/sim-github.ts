import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConformance } from '../../app/support/openapi-conformance.js';
import { BareRepo } from './bare-repo.js';
import { bareTreeObjects } from './bare-tree-objects.js';
import { onboardingRoutes } from '../../support/github-routes/onboarding-routes.js';
import {
  fail,
  githubRoutes,
  serveRoute,
  type Actor,
  type GitHubResponse,
  type GitHubRoute,
  type WorkflowRun,
} from '../../support/github-routes/index.js';
import { simGitRoutes } from './sim-git-routes.js';
import { createGitHttp } from './sim-git-http.js';
import { refuseUngranted } from './token-scopes.js';
import { SimState } from './sim-state.js';

const routes: Record<string, GitHubRoute<SimState>> = {
  ...simGitRoutes,
  ...githubRoutes,
  ...onboardingRoutes((s: SimState) => bareTreeObjects(s.git)),
};

export interface SimLogEntry {
  readonly actor: Actor;
  readonly method: string;
  readonly key: string;
  readonly path: string;
  readonly status: number;
  /** What the request was about: the ref, or the dispatched node. */
  readonly detail?: string;
  /** A fault the simulation injected instead of (or after) the real answer. */
  readonly fault?: FaultKind;
  /** When it was answered (Date.now()). */
  readonly at: number;
}

export interface SimHookRequest {
  readonly actor: Actor;
  readonly key: string;
  readonly method: string;
  readonly params: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies are JSON of any shape
  readonly body: any;
}

export type FaultKind = 'bad_gateway' | 'secondary_rate_limit' | 'reset';
export interface Fault {
  readonly kind: FaultKind;
  /** Whether the operation is carried out before the fault (an ambiguous failure) or not at all. */
  readonly when: 'before' | 'after';
}

export interface SimGitHub {
  readonly api: string;
  readonly state: SimState;
  readonly git: BareRepo;
  readonly log: SimLogEntry[];
  /** Requests GitHub's REST description would reject: every scenario asserts there are none. */
  readonly violations: string[];
  /** Decides a fault for a request (scenario 6); undefined answers normally. */
  faults?: (r: { actor: Actor; key: string; method: string }) => Fault | undefined;
  /** Called for each recorded workflow dispatch. */
  onDispatch?: (run: WorkflowRun) => void;
  /** Called before each request is served (crash points, races); 'drop' resets the connection instead of serving. */
  onRequest?: (r: SimHookRequest) => Promise<void | 'drop'> | void | 'drop';
  /** Called once a request was carried out, before its answer is sent (a crash here loses the answer). */
  afterRequest?: (r: SimHookRequest & { status: number }) => Promise<void> | void;
  requests(actor: Actor, since?: number): SimLogEntry[];
  writes(actor: Actor, since?: number): SimLogEntry[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, r: GitHubResponse): void {
  const text = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  res.writeHead(r.status, {
    'content-type':
      typeof r.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'x-github-request-id': 'SIM',
    ...r.headers,
  });
  res.end(text);
}

const FAULTS: Record<Exclude<FaultKind, 'reset'>, GitHubResponse> = {
  bad_gateway: fail(502, 'Server Error'),
  secondary_rate_limit: {
    status: 403,
    body: {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      documentation_url:
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
    },
    headers: { 'retry-after': '1' },
  },
};

/**
 * The simulated GitHub: a node:http server on 127.0.0.1 (random port) backed by a real bare git repository. Each
 * request is first checked against GitHub's REST description (the committed OpenAPI subset); a request GitHub
 * would reject is answered 400 and recorded as a violation. Requests are attributed to the app (its JWT and
 * installation tokens) or to a runner (the GITHUB_TOKEN of a job), and logged with their status.
 */
export async function startSimGitHub(): Promise<SimGitHub> {
  const git = new BareRepo();
  await git.init();
  const state = new SimState(git);
  const conformance = createConformance();
  const log: SimLogEntry[] = [];
  const violations: string[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const url = `${sim.api}${req.url ?? '/'}`;
    const raw = await readBody(req);
    const auth = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const actor: Actor | undefined =
      auth === undefined ? undefined : auth.startsWith('eyJ') ? 'app' : state.tokens.get(auth);
    let body: unknown;
    try {
      body = raw === '' ? undefined : (JSON.parse(raw) as unknown);
    } catch {
      return send(res, fail(400, 'Problems parsing JSON'));
    }
    if (actor === undefined) return send(res, fail(401, 'Bad credentials'));
    const checked = conformance.check(method, url, body, req.headers);
    if (!checked.ok) {
      violations.push(...checked.problems.map((p) => `${actor}: ${p}`));
      log.push({ at: Date.now(), actor, method, key: `${method} ?`, path: new URL(url).pathname, status: 400 });
      return send(res, fail(400, checked.problems.join('; ')));
    }
    const { key, params, query, perPage, limits } = checked.match;
    const hook = { actor, key, method, params, body };
    const b = body as { ref?: string; inputs?: { step_id?: string } } | undefined;
    const detail = b?.inputs?.step_id ?? params.ref ?? b?.ref;
    if ((await sim.onRequest?.(hook)) === 'drop') {
      log.push({ at: Date.now(), actor, method, key, path: new URL(url).pathname, status: 0 });
      return req.socket.destroy();
    }
    // A job token gets exactly its job's `permissions:`; GitHub refuses anything else with 403.
    const ungranted = actor === 'runner' ? refuseUngranted(method, new URL(url).pathname, state.tokenPermissions.get(auth!) ?? {}) : undefined;
    if (ungranted) {
      log.push({ at: Date.now(), actor, method, key, path: new URL(url).pathname, status: ungranted.status, ...(detail !== undefined ? { detail } : {}) });
      return send(res, ungranted);
    }
    const fault = sim.faults?.({ actor, key, method });
    let answer: GitHubResponse | undefined;
    if (fault?.when !== 'before')
      answer = await serveRoute(routes, key, {
        params,
        query,
        body,
        headers: req.headers as Record<string, string>,
        actor,
        ...(actor === 'runner' ? { permissions: state.tokenPermissions.get(auth!) ?? {} } : {}),
        state,
        api: sim.api,
        dispatched: (run) => sim.onDispatch?.(run),
        url: req.url ?? '/',
        ...(perPage !== undefined ? { perPage } : {}),
        ...(limits ? { limits } : {}),
      });
    const status = fault ? (fault.kind === 'reset' ? 0 : FAULTS[fault.kind].status) : answer!.status;
    log.push({
      at: Date.now(),
      actor,
      method,
      key,
      path: new URL(url).pathname,
      status,
      ...(detail !== undefined ? { detail } : {}),
      ...(fault ? { fault: fault.kind } : {}),
    });
    if (answer) await sim.afterRequest?.({ ...hook, status: answer.status });
    if (fault?.kind === 'reset') return req.socket.destroy();
    send(res, fault ? FAULTS[fault.kind] : answer!);
  };
  // Git over smart HTTP at /<owner>/<repo>.git, behind the job tokens' grants (what actions/checkout and the action use).
  const gitHttp = createGitHttp(state);
  const server: Server = createServer((req, res) => {
    if (gitHttp.matches(req.url ?? '/')) return gitHttp.handle(req, res);
    handle(req, res).catch((error: unknown) => {
      violations.push(`simulated GitHub crashed on ${req.method} ${req.url}: ${(error as Error).stack}`);
      if (!res.headersSent) send(res, fail(500, 'simulation error'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const isWrite = (e: SimLogEntry) => e.method !== 'GET';
  const sim: SimGitHub = {
    api: `http://127.0.0.1:${port}`,
    state,
    git,
    log,
    violations,
    requests: (actor, since = 0) => log.slice(since).filter((e) => e.actor === actor),
    writes: (actor, since = 0) => log.slice(since).filter((e) => e.actor === actor && isWrite(e)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return sim;
}

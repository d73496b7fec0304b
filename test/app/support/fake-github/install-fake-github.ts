import nock from 'nock';
import { createConformance } from '../openapi-conformance.js';
import {
  fail,
  githubRoutes,
  serveRoute,
  type GitHubResponse,
  type GitHubRoute,
} from '../../../support/github-routes/index.js';
import { onboardingRoutes } from '../../../support/github-routes/onboarding-routes.js';
import { FakeState } from './fake-state.js';
import { fakeTreeObjects } from './fake-tree-objects.js';
import { gitRoutes } from './git-routes.js';

export interface LoggedRequest {
  readonly method: string;
  readonly key: string;
  readonly path: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies are JSON of any shape
  readonly body: any;
  readonly status: number;
}

/** A fault to inject: answer `status` to the next `times` requests of an operation, before or after doing it. */
export interface Fault {
  readonly key: string;
  readonly status: number;
  readonly when: 'before' | 'after';
  times: number;
}

const routes: Record<string, GitHubRoute<FakeState>> = {
  ...gitRoutes,
  ...githubRoutes,
  ...onboardingRoutes(fakeTreeObjects),
};
const API = 'https://api.github.com';
const AUTH = 'POST /app/installations/{installation_id}/access_tokens';

export interface FakeGitHub {
  readonly state: FakeState;
  readonly log: LoggedRequest[];
  /** Requests that GitHub's REST description would reject: every app test asserts there are none. */
  readonly violations: string[];
  readonly faults: Fault[];
  /** Called with each request's operation before it is served (to interleave another writer). */
  onRequest?: (key: string) => void;
  /** Awaited before a request is served: holds it (to let a concurrent handler, or a runner, go first). */
  holdRequest?: (key: string, method: string) => Promise<void> | undefined;
  /** The app's requests since the last `mark()`, without Probot's installation-token request. */
  requests(): LoggedRequest[];
  /** Writes (anything but GET) among `requests()`. */
  writes(): LoggedRequest[];
  mark(): void;
}

/**
 * A simulated GitHub behind nock (with real network disabled): every request is first checked against GitHub's
 * REST description (the OpenAPI subset), then served from an in-memory repository with GitHub's semantics (ref
 * creation fails if the ref exists, non-forced updates must fast-forward, 404s, 422s).
 */
export function installFakeGitHub(): FakeGitHub {
  const state = new FakeState();
  const conformance = createConformance();
  const log: LoggedRequest[] = [];
  const violations: string[] = [];
  const faults: Fault[] = [];
  let since = 0;
  nock.disableNetConnect();
  const serve = async (
    method: string,
    url: string,
    rawBody: unknown,
    headers: Record<string, string>,
  ): Promise<[number, unknown, Record<string, string>]> => {
    const body =
      typeof rawBody === 'string' && rawBody !== ''
        ? (JSON.parse(rawBody) as unknown)
        : rawBody === ''
          ? undefined
          : rawBody;
    const checked = conformance.check(method, url, body, headers);
    if (!checked.ok) {
      violations.push(...checked.problems);
      log.push({ method, key: `${method} ?`, path: url, body, status: 400 });
      return [400, { message: checked.problems.join('; ') }, { 'content-type': 'application/json' }];
    }
    const { key, params, query, perPage, limits } = checked.match;
    await fake.holdRequest?.(key, method);
    fake.onRequest?.(key);
    const fault = faults.find((f) => f.key === key && f.times > 0);
    let res: GitHubResponse;
    if (fault?.when === 'before') res = fail(fault.status, 'injected fault');
    else {
      // Every request here is the app's: the simulated runner writes to the state directly.
      res = await serveRoute(routes, key, {
        params,
        query,
        body,
        headers,
        actor: 'app',
        state,
        api: API,
        url: url.slice(API.length),
        ...(perPage !== undefined ? { perPage } : {}),
        ...(limits ? { limits } : {}),
      });
      if (fault) res = fail(fault.status, 'injected fault (after the operation)');
    }
    if (fault) fault.times -= 1;
    log.push({ method, key, path: new URL(url).pathname, body, status: res.status });
    const text = typeof res.body === 'string';
    return [
      res.status,
      res.body ?? '',
      {
        'content-type': text ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
        ...res.headers,
      },
    ];
  };
  for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE']) {
    nock(API)
      .persist()
      .intercept(/.*/, method)
      .reply(async function (uri, body) {
        const headers = Object.fromEntries(
          Object.entries(this.req.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
        );
        return serve(method, `${API}${uri}`, body, headers);
      });
  }
  const requests = () => log.slice(since).filter((r) => r.key !== AUTH);
  const fake: FakeGitHub = {
    state,
    log,
    violations,
    faults,
    requests,
    writes: () => requests().filter((r) => r.method !== 'GET'),
    mark: () => (since = log.length),
  };
  return fake;
}

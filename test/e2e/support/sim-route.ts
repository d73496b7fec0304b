import type { Actor, SimState, SimWorkflowRun } from './sim-state.js';

export interface SimRequest {
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies are JSON of any shape
  readonly body: any;
  readonly headers: Record<string, string>;
  readonly actor: Actor;
  /** A runner token's job permissions (undefined for the app, which holds its installation's). */
  readonly permissions?: Record<string, string>;
  readonly state: SimState;
  /** The API's base URL (http://127.0.0.1:<port>). */
  readonly api: string;
  /** Called once a workflow dispatch is recorded: the simulated runner picks it up. */
  readonly dispatched: (run: SimWorkflowRun) => void;
}

export interface SimResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export type SimRoute = (req: SimRequest) => Promise<SimResponse> | SimResponse;

export const ok = (body: unknown, status = 200): SimResponse => ({ status, body });
export const fail = (status: number, message: string): SimResponse => ({
  status,
  body: { message, documentation_url: 'https://docs.github.com/rest' },
});

export const user = (login: string) => ({
  login,
  id: 1,
  type: login.endsWith('[bot]') ? 'Bot' : 'User',
});

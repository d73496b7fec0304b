import type { FakeState } from './fake-state.js';

export interface FakeRequest {
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies are JSON of any shape
  readonly body: any;
  readonly headers: Record<string, string>;
  readonly state: FakeState;
}

export interface FakeResponse {
  readonly status: number;
  readonly body?: unknown;
}

export type FakeRoute = (req: FakeRequest) => FakeResponse;

export const ok = (body: unknown, status = 200): FakeResponse => ({ status, body });
export const fail = (status: number, message: string): FakeResponse => ({
  status,
  body: { message, documentation_url: 'https://docs.github.com/rest' },
});

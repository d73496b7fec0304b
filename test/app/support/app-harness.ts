import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { createUetApp, type UetAppOptions } from '../../../src/app/create-uet-app.js';
import { buildWorkflow } from '../../../src/core/bootstrap/build-workflow.js';
import { createUlidSource } from '../../../src/adapters/ulid-source.js';
import { parseEventLog } from '../../../src/adapters/store/parse-event-log.js';
import { EVENTS_FILE, ledgerRef } from '../../../src/adapters/github/ledger-layout.js';
import type { RunEvent } from '../../../src/core/run/index.js';
import { createTestClock } from '../../support/engine-harness.js';
import { installFakeGitHub, type FakeGitHub } from './fake-github/install-fake-github.js';
import { simulateRunner, type RunnerOutcome } from './simulate-runner.js';
import { workflowRunCompleted, type RepoFacts } from '../../fixtures/github/webhook-payloads.js';
import { buildRepoFacts } from '../../support/github-routes/index.js';
import { testPrivateKey } from './test-private-key.js';
import { assertWebhook } from '../../support/conformance/webhook-schema.js';

export const APP_ID = 777;
/** The workflow `uet bootstrap` generates: GitHub checks each dispatch's inputs against its declared ones. */
export const WORKFLOW = buildWorkflow({ owner: 'uet-dev', python: false, terraform: false });

let deliveries = 0;

/** The simulated repository as the webhook payload builders want it. */
export const repoFacts = (h: { fake: FakeGitHub }): RepoFacts => buildRepoFacts(h.fake.state);

export interface AppHarness {
  readonly fake: FakeGitHub;
  readonly probot: Probot;
  /** A new app process on the same GitHub: nothing survives but what GitHub holds. */
  restart(): Promise<void>;
  /** A second app process on the same GitHub, running beside this one (another replica): its `receive`. */
  replica(): Promise<(name: string, payload: unknown, id?: string) => Promise<string>>;
  readonly clock: ReturnType<typeof createTestClock>;
  receive(name: string, payload: unknown, id?: string): Promise<string>;
  /** The runner finishes a node attempt, then GitHub sends workflow_run.completed. */
  finish(nodeId: string, attempt: number, outcome: RunnerOutcome): Promise<void>;
  events(runId: string): RunEvent[];
  runIds(): string[];
  close(): void;
}

/**
 * The app under test: a real Probot (throttling and retries off) loaded with the UET app, receiving real example
 * payloads, talking to the simulated GitHub through nock, with every request checked against the OpenAPI subset.
 * Every payload is checked against GitHub's webhook schema before it is delivered: a test that sends one GitHub
 * could not send fails there.
 */
export async function createAppHarness(options: UetAppOptions = {}): Promise<AppHarness> {
  nock.cleanAll();
  const fake = installFakeGitHub();
  const clock = createTestClock(Date.parse('2026-03-01T10:00:00Z'));
  fake.state.now = () => clock.now(); // pushes are recorded at the test's time (the activity API)
  const boot = async () => {
    const p = new Probot({
      appId: APP_ID,
      privateKey: testPrivateKey(),
      secret: 'test-secret',
      logLevel: 'fatal',
      Octokit: ProbotOctokit.defaults((o: object) => ({
        ...o,
        throttle: { enabled: false },
        retry: { enabled: false },
      })),
    });
    await p.load(
      createUetApp({
        appId: APP_ID,
        clock,
        ids: createUlidSource(clock),
        reconcileIntervalMs: 0,
        wakeTimers: false,
        ...options,
      }),
    );
    return p;
  };
  let probot = await boot();
  const receive = async (name: string, payload: unknown, id = `delivery-${++deliveries}`) => {
    assertWebhook(name, payload);
    await probot.receive({ id, name, payload } as Parameters<Probot['receive']>[0]);
    return id;
  };
  const s = fake.state;
  const repo = repoFacts({ fake });
  return {
    fake,
    get probot() {
      return probot;
    },
    async restart() {
      probot = await boot();
    },
    async replica() {
      const other = await boot();
      return async (name, payload, id = `delivery-${++deliveries}`) => {
        assertWebhook(name, payload);
        await other.receive({ id, name, payload } as Parameters<Probot['receive']>[0]);
        return id;
      };
    },
    clock,
    receive,
    async finish(nodeId, attempt, outcome) {
      clock.advance(60_000);
      const wr = simulateRunner(s, nodeId, attempt, outcome, clock.now());
      await receive(
        'workflow_run',
        workflowRunCompleted(repo, { id: wr.id, runName: wr.display_title, conclusion: wr.conclusion! }),
      );
    },
    events(runId) {
      const head = s.refs.get(`refs/${ledgerRef(runId)}`);
      if (!head) return [];
      return parseEventLog(
        Buffer.from(s.trees.get(s.commits.get(head)!.tree)!.get(EVENTS_FILE)!),
        'events.jsonl',
      ).events;
    },
    runIds: () => [...s.refs.keys()].flatMap((r) => /^refs\/uet\/runs\/([0-9A-Z]{26})$/.exec(r)?.[1] ?? []),
    close: () => nock.cleanAll(),
  };
}

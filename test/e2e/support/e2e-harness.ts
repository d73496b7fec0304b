import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EVENTS_FILE, ledgerRef } from '../../../src/adapters/github/ledger-layout.js';
import { parseEventLog } from '../../../src/adapters/store/parse-event-log.js';
import type { UetAppOptions } from '../../../src/app/create-uet-app.js';
import type { RunEvent } from '../../../src/core/run/index.js';
import {
  issueCommentCreated,
  issuesLabeled,
  type RepoFacts,
} from '../../fixtures/github/webhook-payloads.js';
import { buildRepoFacts } from '../../support/github-routes/index.js';
import { startAppServer, WEBHOOK_SECRET } from './app-process.js';
import { startChildApp } from './child-app.js';
import { PR, seedSim, type SeedOptions, type Seeded } from './seed-sim.js';
import { startSimGitHub, type SimGitHub, type SimLogEntry } from './sim-github.js';
import { createSimRunner, type SimMachine, type SimRunner } from './sim-runner.js';
import { createWebhookSender, type WebhookSender } from './webhook-sender.js';

export interface E2EOptions extends SeedOptions {
  readonly app?: UetAppOptions;
  readonly concurrency?: number;
  /** The repository's Actions secrets (default SIM_SECRETS): each job gets only those it references. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** The repository's Actions variables (the `vars` context; GitHub's naming rules and limits apply). */
  readonly vars?: Readonly<Record<string, string>>;
  /** Where the runners record the tool installs their npm and pipx see. */
  readonly toolInstalls?: string;
  /** The directory of the real claude and codex (test/support/real-clis.ts): the runners install these, not the fakes. */
  readonly realTools?: string;
  /** The runners registered with the repository (default: GitHub's hosted ubuntu-latest only). */
  readonly machines?: readonly SimMachine[];
  /** Runners also send workflow_job.completed for each job (as to an app subscribed to workflow_job). */
  readonly workflowJobEvents?: boolean;
  /** Run the app as a child process (scenario 5) instead of in this process. */
  readonly child?: { readonly reconcileIntervalMs: number; readonly inbox: boolean };
}

/** The app under test: in this process (Probot's own middleware) or a child process that can be killed. */
export interface RunningApp {
  readonly url: string;
  /** In this process: deliveries whose handlers still run (a child app does not say). */
  busy?(): number;
  close(): Promise<void>;
}

export interface E2E extends Seeded {
  readonly sim: SimGitHub;
  readonly runner: SimRunner;
  readonly sender: WebhookSender;
  readonly repo: RepoFacts;
  app: RunningApp | undefined;
  /** Child mode: kill -9 the app process (if still running) and start a new one on the same inbox directory. */
  restartApp(): Promise<void>;
  /**
   * Polls `check` until it holds. Throws with the dump once `timeoutMs` passed and the run made no progress (a ref
   * written, a dispatch, a workflow run finished) for 30 s, or at twice `timeoutMs` whatever happens: a loaded
   * machine slows a run without failing it, a stalled run still fails.
   */
  waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs?: number): Promise<void>;
  /** A `/uet …` comment on PR #7 (or on `issue`), delivered signed. Returns the delivery id. */
  comment(
    body: string,
    o?: { sender?: string; issue?: number; commentId?: number; delivery?: string },
  ): Promise<string>;
  /** The `uet` label added to an issue whose body is `body`. */
  label(issue: number, body: string, o?: { sender?: string }): Promise<string>;
  /** Waits until no delivery is in flight, no runner job is queued or running, and GitHub saw no request for a while. */
  settle(timeoutMs?: number): Promise<void>;
  runIds(): Promise<string[]>;
  events(runId: string): Promise<RunEvent[]>;
  /** The app's comments on an issue or PR that are not sticky progress comments. */
  replies(issue?: number): string[];
  sticky(runId: string): string | undefined;
  /** What happened, for a failing assertion's message: GitHub's request log and the runners' job logs. */
  dump(): string;
  close(): Promise<void>;
}

/** The repository secrets of the simulated repository: a value of each kind the workflow may reference. */
export const SIM_SECRETS: Readonly<Record<string, string>> = {
  ANTHROPIC_API_KEY: 'sk-ant-sim-4f1c0ffee4f1c0ffee',
  CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat-sim-9d2b7c1e',
  OPENAI_API_KEY: 'sk-proj-sim-0a1b2c3d4e5f',
  CODEX_API_KEY: 'sk-codex-sim-6a7b8c9d',
  AIDER_OPENAI_API_KEY: 'sk-aider-openai-sim-1f2e3d',
  AIDER_ANTHROPIC_API_KEY: 'sk-ant-aider-sim-4c5b6a',
};

let commentIds = 5000;

/** A request that moves a run on: a ref written (ledger, run branch, claims) or a workflow dispatched. */
const advancesRun = (l: SimLogEntry) =>
  l.status >= 200 &&
  l.status < 300 &&
  (l.key === 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches' ||
    (l.method !== 'GET' && l.key.includes('/git/refs')));

/**
 * One end-to-end world: the simulated GitHub (real bare repository, seeded), the simulated runner, the webhook
 * sender, and the real Probot server with the UET app in this process (`app`; scenario 5 runs it as a child).
 */
export async function createE2E(o: E2EOptions = {}): Promise<E2E> {
  const sim = await startSimGitHub();
  const seeded = await seedSim(sim.state, o);
  const sender = createWebhookSender('http://127.0.0.1:1/unset', WEBHOOK_SECRET, sim.violations);
  const runner = createSimRunner(sim, {
    deliver: (name, payload) => sender.send(name, payload),
    ...(o.concurrency ? { concurrency: o.concurrency } : {}),
    ...(o.workflowJobEvents ? { workflowJobEvents: true } : {}),
    secrets: o.secrets ?? SIM_SECRETS,
    ...(o.toolInstalls ? { toolInstalls: o.toolInstalls } : {}),
    ...(o.vars ? { vars: o.vars } : {}),
    ...(o.realTools ? { realTools: o.realTools } : {}),
    ...(o.machines ? { machines: o.machines } : {}),
  });
  const s = sim.state;
  const repo = buildRepoFacts(s);
  const root = dirname(sim.git.dir);
  const startApp = async (): Promise<RunningApp> =>
    o.child
      ? startChildApp({
          api: sim.api,
          dir: root,
          reconcileIntervalMs: o.child.reconcileIntervalMs,
          ...(o.child.inbox ? { inboxDir: join(root, 'inbox') } : {}),
        })
      : startAppServer(sim.api, o.app ?? {});
  const app = await startApp();
  sender.url = app.url;
  const e: E2E = {
    ...seeded,
    sim,
    runner,
    sender,
    repo,
    app,
    async restartApp() {
      await e.app?.close();
      e.app = await startApp();
      sender.url = e.app.url;
    },
    async waitFor(what, check, timeoutMs = 60_000) {
      const started = Date.now();
      let progress = -1;
      let progressAt = started;
      while (!(await check())) {
        const now = Date.now();
        const p = runner.done.length + sim.log.filter(advancesRun).length;
        if (p !== progress) [progress, progressAt] = [p, now];
        const stalled = now - progressAt > 30_000;
        if ((now - started > timeoutMs && stalled) || now - started > 2 * timeoutMs)
          throw new Error(
            `timed out waiting for ${what} (${Math.round((now - started) / 1000)} s; no progress for ${Math.round((now - progressAt) / 1000)} s)\n${e.dump()}`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async comment(body, c = {}) {
      const payload = issueCommentCreated(repo, {
        body,
        issue: c.issue ?? PR,
        pr: c.issue === undefined,
        commentId: c.commentId ?? ++commentIds,
        sender: c.sender ?? 'wendy',
      });
      // Written now: the app runs only a head that was pushed before the comment (ADR 0017).
      payload.comment.created_at = payload.comment.updated_at = new Date().toISOString();
      return (await sender.send('issue_comment', payload, c.delivery)).id;
    },
    async label(issue, body, c = {}) {
      return (
        await sender.send(
          'issues',
          issuesLabeled(repo, { issue, label: 'uet', body, sender: c.sender ?? 'wendy' }),
        )
      ).id;
    },
    async settle(timeoutMs = 150_000) {
      const deadline = Date.now() + timeoutMs;
      let seen = -1;
      let quietSince = Date.now();
      for (;;) {
        await new Promise((r) => setTimeout(r, 40));
        if (sim.log.length !== seen || sender.inFlight() || runner.busy() || (e.app?.busy?.() ?? 0) > 0) {
          seen = sim.log.length;
          quietSince = Date.now();
        } else if (Date.now() - quietSince >= 250) return;
        if (Date.now() > deadline) {
          const last =
            runner.done
              .at(-1)
              ?.jobs.map((j) => `${j.job} exit ${j.code}:\n${j.log}`)
              .join('\n') ?? '';
          throw new Error(
            `the run did not settle in ${timeoutMs} ms (${runner.busy()} jobs, ${sender.inFlight()} deliveries)\n${last}`,
          );
        }
      }
    },
    async runIds() {
      return (await sim.git.refs('refs/uet/runs/')).flatMap(
        ([r]) => /^refs\/uet\/runs\/([0-9A-Z]{26})$/.exec(r)?.[1] ?? [],
      );
    },
    async events(runId) {
      const head = await sim.git.refSha(`refs/${ledgerRef(runId)}`);
      const text = head ? await sim.git.readFile(head, EVENTS_FILE) : undefined;
      return text ? parseEventLog(Buffer.from(text), EVENTS_FILE).events : [];
    },
    replies: (issue = PR) =>
      s.comments.filter((c) => c.issue === issue && !c.body.startsWith('<!-- uet:run:')).map((c) => c.body),
    sticky: (runId) => s.comments.find((c) => c.body.startsWith(`<!-- uet:run:${runId} -->`))?.body,
    dump: () =>
      [
        ...sim.log.map(
          (l) =>
            `+${((l.at - (sim.log[0]?.at ?? l.at)) / 1000).toFixed(1)}s ${l.actor} ${l.key}${l.detail !== undefined ? ` [${l.detail}]` : ''} ${l.status}${l.fault ? ` (${l.fault})` : ''}`,
        ),
        ...runner.done.flatMap((d) =>
          d.jobs.map((j) => `--- ${d.run.display_title} ${j.job} exit ${j.code} (${j.ms} ms)\n${j.log}`),
        ),
        ...sender.deliveries.map((d) => `delivery ${d.name} ${d.id}: ${d.status}`),
      ].join('\n'),
    async close() {
      await e.app?.close();
      await sim.close();
      rmSync(dirname(sim.git.dir), { recursive: true, force: true });
    },
  };
  return e;
}

import { spawn } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { issueCommentCreated } from '../test/fixtures/github/webhook-payloads.js';
import { STATS_PATH } from './github-stand-in.js';
import { createDeliveryClient, serialiseDelivery, type DeliveryClient, type Signed } from './send-deliveries.js';

export interface AckOptions {
  /** Deliveries measured (default 1,000). */
  readonly deliveries?: number;
  /** Deliveries in flight at once (default 50). */
  readonly concurrency?: number;
  /** The GitHub stand-in's latency per request (default 30 ms): handling is slower than acknowledging. */
  readonly githubDelayMs?: number;
  /** Deliveries sent first and not measured, as a long-running server has warmed up (default 50). */
  readonly warmup?: number;
  /** Run the handlers in a worker thread, as `npm start` does by default (UET_APP_WORKER; default true). */
  readonly appWorker?: boolean;
  /** Wait until the app has handled every delivery, and report it (default true). */
  readonly waitForProcessing?: boolean;
  /** Rounds the measured deliveries are split into, alternating with the bare reference server (default 5). */
  readonly rounds?: number;
  /** The spool directory (UET_INBOX_DIR) of the app, if any: each delivery is then written to disk before its 202. */
  readonly inboxDir?: string;
}

export interface AckResult {
  readonly deliveries: number;
  readonly ack_p50_ms: number;
  readonly ack_p99_ms: number;
  readonly ack_max_ms: number;
  /** The bare reference (bench/bare-webhook-server.ts: HMAC check, 202), the same number of deliveries, interleaved. */
  readonly bare_p50_ms: number;
  readonly bare_p99_ms: number;
  readonly ack_p99_ratio_vs_bare: number;
  /** The same ratio in each round (app and bare server back to back): min, median and max over the rounds. */
  readonly ack_p99_ratio_vs_bare_min: number;
  readonly ack_p99_ratio_vs_bare_median: number;
  readonly ack_p99_ratio_vs_bare_max: number;
  /** CPU time per measured delivery of the app's main thread (the front) and of the bare server, in µs. */
  readonly front_cpu_us_per_delivery: number;
  readonly bare_cpu_us_per_delivery: number;
  readonly front_cpu_ratio_vs_bare: number;
  /** The benchmark client's CPU time per delivery sent (app and bare), in µs: it should stay under the servers'. */
  readonly client_cpu_us_per_delivery: number;
  /** The app's p99 in each round: min, median and max. */
  readonly ack_p99_ms_min: number;
  readonly ack_p99_ms_median: number;
  readonly ack_p99_ms_max: number;
  readonly rounds: number;
  /** No 2xx within 10 s, or a connection error: GitHub would have dropped the delivery. */
  readonly dropped: number;
  /** Deliveries handled (warm-up included) once the inbox is empty, or after 5 minutes. */
  readonly processed: number;
  readonly failed: number;
  readonly process_s: number;
  readonly github_requests: number;
  /** The `/uet status` replies the app posted: one per handled delivery, warm-up included. */
  readonly replies: number;
  /** The machine's 1-minute load average when the measurement started (2 cores shared here). */
  readonly load_avg_1m: number;
  /** The same when the measured rounds ended. */
  readonly load_avg_1m_end: number;
}

const root = join(import.meta.dirname, '..');
const SECRET = 'bench-secret';

/**
 * Webhook acknowledgement latency of the real app process (`src/app/main.ts`, the UET app loaded, the fast-ack
 * server) for signed `issue_comment.created` deliveries (`/uet status` by a writer on a PR, from
 * @octokit/webhooks-examples), sent `concurrency` at a time over loopback while the handlers do their real work
 * against a slow GitHub stand-in.
 */
export async function measureAck(options: AckOptions = {}): Promise<AckResult> {
  const total = options.deliveries ?? 1_000;
  const warmup = options.warmup ?? 50;
  const rounds = options.rounds ?? 5;
  const github = await startProcess(
    join(root, 'bench/github-stand-in.ts'),
    [String(options.githubDelayMs ?? 30)],
    {},
  );
  const started: { stop(): void }[] = [github];
  try {
    const app = await startApp(github.url, options.appWorker ?? true, options.inboxDir);
    started.push(app);
    const bare = await startProcess(join(root, 'bench/bare-webhook-server.ts'), [SECRET], {});
    started.push(bare);
    return await measure(app, bare, github.url, { total, warmup, rounds, ...options });
  } finally {
    for (const process of started.reverse()) process.stop();
  }
}

async function measure(
  appProcess: { url: string; pid: number },
  bareProcess: { url: string; pid: number },
  githubUrl: string,
  options: AckOptions & { total: number; warmup: number; rounds: number },
): Promise<AckResult> {
  const concurrency = options.concurrency ?? 50;
  const hook = new URL(`${appProcess.url}/api/github/webhooks`);
  const bareHook = new URL(`${bareProcess.url}/api/github/webhooks`);
  // One set of keep-alive connections per server for the whole run, opened by the warm-up: each round then measures
  // the servers' steady state, not 50 connections opened at once at its start (a quarter of a round's 200
  // deliveries were the first on a new connection, and they made its p99).
  const appClient = createDeliveryClient(hook, concurrency);
  const bareClient = createDeliveryClient(bareHook, concurrency);
  try {
    return await measureRounds(appProcess, bareProcess, githubUrl, appClient, bareClient, {
      ...options,
      hook,
      bareHook,
    });
  } finally {
    appClient.close();
    bareClient.close();
  }
}

async function measureRounds(
  appProcess: { url: string; pid: number },
  bareProcess: { url: string; pid: number },
  githubUrl: string,
  appClient: DeliveryClient,
  bareClient: DeliveryClient,
  options: AckOptions & { total: number; warmup: number; rounds: number; hook: URL; bareHook: URL },
): Promise<AckResult> {
  const { total, warmup, rounds, hook, bareHook } = options;
  const appUrl = appProcess.url;
  const warm = buildDeliveries(warmup, 0);
  await appClient.send(warm.map((d) => serialiseDelivery(hook, d)));
  await bareClient.send(warm.map((d) => serialiseDelivery(bareHook, d)));
  const signed = buildDeliveries(total, warmup);
  const deliveries = signed.map((d) => serialiseDelivery(hook, d));
  const bareDeliveries = signed.map((d) => serialiseDelivery(bareHook, d));
  const load = loadavg()[0]!;
  const started = performance.now();
  // Rounds alternate between the app and the bare server (which goes first alternates too), so that both see the
  // same machine: the app's own handling of earlier deliveries, and whatever else runs.
  const acks: (number | undefined)[] = [];
  const bareAcks: (number | undefined)[] = [];
  const perRound: { app: number; ratio: number }[] = [];
  // CPU time of the app's main thread (the HTTP front; the handlers run in the worker thread) and of the bare
  // server, over the measured rounds: the work each does per delivery, which the machine's load moves less.
  const frontCpu = threadCpuMs(appProcess.pid, appProcess.pid);
  const bareCpu = threadCpuMs(bareProcess.pid, bareProcess.pid);
  const clientCpu = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    const [from, to] = [Math.floor((r * total) / rounds), Math.floor(((r + 1) * total) / rounds)];
    let app: (number | undefined)[] = [];
    let bare: (number | undefined)[] = [];
    const sendApp = async () => void (app = await appClient.send(deliveries.slice(from, to)));
    const sendBare = async () => void (bare = await bareClient.send(bareDeliveries.slice(from, to)));
    if (r % 2 === 0) await sendApp().then(sendBare);
    else await sendBare().then(sendApp);
    acks.push(...app);
    bareAcks.push(...bare);
    const p99 = percentiles(app).p99;
    perRound.push({ app: p99, ratio: round(p99 / percentiles(bare).p99) });
  }
  const frontCpuUs = ((threadCpuMs(appProcess.pid, appProcess.pid) - frontCpu) * 1000) / total;
  const bareCpuUs = ((threadCpuMs(bareProcess.pid, bareProcess.pid) - bareCpu) * 1000) / total;
  const clientUsage = process.cpuUsage(clientCpu);
  const clientCpuUs = (clientUsage.user + clientUsage.system) / (2 * total);
  const loadEnd = loadavg()[0]!;
  const spread = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { min: s[0]!, median: s[Math.floor((s.length - 1) / 2)]!, max: s.at(-1)! };
  };
  const roundRatios = spread(perRound.map((p) => p.ratio));
  const roundP99 = spread(perRound.map((p) => p.app));
  let inbox = await health(appUrl);
  const patience = performance.now() + 300_000;
  while (
    options.waitForProcessing !== false &&
    inbox.processed + inbox.failed < inbox.accepted &&
    performance.now() < patience
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    inbox = await health(appUrl);
  }
  const app = percentiles(acks);
  const reference = percentiles(bareAcks);
  const stats = (await (await fetch(`${githubUrl}${STATS_PATH}`)).json()) as {
    counts: Record<string, number>;
    unknown: string[];
  };
  if (stats.unknown.length > 0)
    throw new Error(`the stand-in was asked what it cannot answer: ${stats.unknown.slice(0, 3).join(', ')}`);
  if (reference.dropped > 0)
    throw new Error(`the bare reference server dropped ${reference.dropped} deliveries`);
  return {
    deliveries: total,
    ack_p50_ms: app.p50,
    ack_p99_ms: app.p99,
    ack_max_ms: app.max,
    bare_p50_ms: reference.p50,
    bare_p99_ms: reference.p99,
    ack_p99_ratio_vs_bare: round(app.p99 / reference.p99),
    ack_p99_ratio_vs_bare_min: roundRatios.min,
    ack_p99_ratio_vs_bare_median: roundRatios.median,
    ack_p99_ratio_vs_bare_max: roundRatios.max,
    front_cpu_us_per_delivery: Math.round(frontCpuUs),
    bare_cpu_us_per_delivery: Math.round(bareCpuUs),
    front_cpu_ratio_vs_bare: round(frontCpuUs / bareCpuUs),
    client_cpu_us_per_delivery: Math.round(clientCpuUs),
    ack_p99_ms_min: roundP99.min,
    ack_p99_ms_median: roundP99.median,
    ack_p99_ms_max: roundP99.max,
    rounds,
    dropped: app.dropped,
    processed: inbox.processed,
    failed: inbox.failed,
    process_s: round((performance.now() - started) / 1000),
    github_requests: Object.values(stats.counts).reduce((a, b) => a + b, 0),
    replies: stats.counts['POST /repos/:o/:r/issues/:n/comments'] ?? 0,
    load_avg_1m: round(load),
    load_avg_1m_end: round(loadEnd),
  };
}

/** user + system CPU time of one thread of a process, in ms (Linux /proc; NaN elsewhere). */
function threadCpuMs(pid: number, tid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted from the state field (3rd): indexes 11 and 12 here.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** USER_HZ: the unit of /proc/<pid>/stat times (100 on Linux). */
const CLOCK_TICKS = 100;

/** p50, p99 and max of the answered deliveries, and how many were dropped. */
function percentiles(acks: readonly (number | undefined)[]) {
  const ok = acks.filter((a): a is number => a !== undefined).sort((a, b) => a - b);
  const pct = (p: number) => round(ok[Math.min(ok.length - 1, Math.ceil((p / 100) * ok.length) - 1)] ?? NaN);
  return { p50: pct(50), p99: pct(99), max: round(ok.at(-1) ?? NaN), dropped: acks.length - ok.length };
}

const round = (n: number) => Math.round(n * 100) / 100;

function buildDeliveries(count: number, offset: number): Signed[] {
  const repo = {
    owner: 'acme',
    name: 'widgets',
    fullName: 'acme/widgets',
    htmlUrl: 'https://github.com/acme/widgets',
    defaultBranch: 'main',
    installationId: 4242,
  };
  return Array.from({ length: count }, (_, i) => {
    const body = JSON.stringify(
      issueCommentCreated(repo, {
        body: '/uet status',
        issue: 7,
        pr: true,
        commentId: 10_000 + offset + i,
        sender: 'wendy',
      }),
    );
    return { body, signature: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` };
  });
}

async function health(url: string): Promise<{ accepted: number; processed: number; failed: number }> {
  const res = await fetch(`${url}/healthz`);
  return ((await res.json()) as { inbox: { accepted: number; processed: number; failed: number } }).inbox;
}

/** The app as `npm start` runs it (from the sources through tsx), pointed at the stand-in. */
function startApp(githubUrl: string, appWorker: boolean, inboxDir: string | undefined) {
  const privateKey = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  return startProcess(join(root, 'src/app/main.ts'), [], {
    APP_ID: '4242',
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: SECRET,
    HOST: '127.0.0.1',
    PORT: '0',
    GITHUB_API_URL: githubUrl,
    UET_RECONCILE_INTERVAL_MS: '0',
    // Octokit's throttle spaces writes a second apart (3 s for comments), as GitHub's secondary rate limits ask:
    // with it, handling 1,000 comments takes over an hour. Off, the handlers work as fast as the stand-in allows.
    UET_GITHUB_THROTTLE: 'off',
    UET_APP_WORKER: appWorker ? 'on' : 'off',
    ...(inboxDir !== undefined ? { UET_INBOX_DIR: inboxDir } : {}),
    ...(process.env.UET_APP_WORKER_NICE ? { UET_APP_WORKER_NICE: process.env.UET_APP_WORKER_NICE } : {}),
    LOG_LEVEL: 'error',
    LOG_FORMAT: 'json',
  });
}

/**
 * A TypeScript entry in a process of its own, once it prints `listening on <url>`. `UET_BENCH_PROFILE=<dir>` writes a
 * CPU profile of the app process there (it is then stopped with SIGINT, so that the profile is written).
 */
async function startProcess(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ url: string; pid: number; stop(): void }> {
  const tsx = pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href;
  const profile = process.env.UET_BENCH_PROFILE;
  const appFlags = env.APP_ID ? (process.env.UET_BENCH_APP_FLAGS ?? '').split(' ').filter(Boolean) : [];
  const child = spawn(
    process.execPath,
    [
      ...(profile && env.APP_ID ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
      ...appFlags,
      '--import',
      tsx,
      script,
      ...args,
    ],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /listening on (\S+)/.exec(output);
      if (m) resolve(m[1]!);
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    if (env.APP_ID && process.env.UET_BENCH_APP_LOG) {
      const log = createWriteStream(process.env.UET_BENCH_APP_LOG);
      child.stdout.pipe(log);
      child.stderr.pipe(log);
    }
    child.on('exit', (code) => reject(new Error(`${script} exited ${code} before listening:\n${output}`)));
  });
  return { url, pid: child.pid!, stop: () => void child.kill(profile ? 'SIGINT' : 'SIGKILL') };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `--spool`: the app keeps its inbox on disk (UET_INBOX_DIR), each delivery written before its 202.
  const spool = process.argv.includes('--spool')
    ? mkdtempSync(join(tmpdir(), 'uet-bench-inbox-'))
    : undefined;
  try {
    process.stdout.write(`${JSON.stringify(await measureAck(spool ? { inboxDir: spool } : {}))}\n`);
  } finally {
    if (spool) rmSync(spool, { recursive: true, force: true });
  }
}

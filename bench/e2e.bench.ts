// The end-to-end benchmark (`npm run bench:e2e`): scenario 1 of test/e2e scaled to 50 steps (two parallel chains of
// 25 shell steps and a test gate), run through the real Probot app, the simulated GitHub (real bare git repository,
// every request checked against GitHub's REST description) and real runner processes (`node dist/action/index.js`).
// It reports the app's REST requests and writes per executed step, all fixed costs included (the start, the
// installation token, the end, the result PR), then the webhook acknowledgement latency of the app process
// (bench/e2e-ack.ts: 1,000 deliveries, 50 at a time), and ends with one JSON line.
import { createE2E } from '../test/e2e/support/e2e-harness.js';
import { ensureDist } from '../test/e2e/support/ensure-dist.js';
import { measureAck } from './e2e-ack.js';

const CHAIN = 25;

function bundle(): string {
  const chain = (ws: string, dir: string) => [
    `  - ws_id: ${ws}`,
    '    steps:',
    ...Array.from({ length: CHAIN }, (_x, i) => {
      const id = `${ws}${i + 1}`;
      const dep = i ? `, depends_on: [${ws}${i}]` : '';
      return `      - { step_id: ${id}, tool_profile_id: shell${dep}, context: { command: "mkdir -p ${dir} && echo ${id} >> ${dir}/${ws}.txt" } }`;
    }),
  ];
  return [
    'bundle_id: bench',
    'bundle_name: E2E benchmark',
    'max_parallel: 4',
    'workstreams:',
    ...chain('a', 'docs'),
    ...chain('b', 'src'),
    '    test_gates:',
    `      - { gate_id: unit, type: GATE_TEST, command: "test $(wc -l < src/b.txt) -eq ${CHAIN}" }`,
    '',
  ].join('\n');
}

async function measureRequests() {
  ensureDist();
  const e = await createE2E({ bundle: bundle(), concurrency: 4 });
  try {
    const started = performance.now();
    await e.comment('/uet run uet/bundle.yaml');
    await e.settle(15 * 60_000);
    const seconds = (performance.now() - started) / 1000;
    const [runId] = await e.runIds();
    const events = await e.events(runId!);
    const end = events.at(-1);
    if (end?.type !== 'run_completed' || (end.data as { state: string }).state !== 'succeeded')
      throw new Error(`the benchmark run did not succeed (last event ${end?.type ?? 'none'})\n${e.dump()}`);
    if (e.sim.violations.length)
      throw new Error(`requests GitHub would reject:\n${e.sim.violations.join('\n')}`);
    const steps = events.filter((x) => x.type === 'step_succeeded').length;
    const app = e.sim.requests('app');
    const writes = e.sim.writes('app');
    const byKey = new Map<string, number>();
    for (const r of app) byKey.set(r.key, (byKey.get(r.key) ?? 0) + 1);
    console.log(
      `run of ${steps} steps and 1 gate in ${seconds.toFixed(1)} s: app ${app.length} requests (${writes.length} writes), runners ${e.sim.requests('runner').length} requests (${e.sim.writes('runner').length} writes)`,
    );
    for (const [key, n] of [...byKey].sort((a, b) => b[1] - a[1]))
      console.log(`  ${String(n).padStart(4)}  ${key}`);
    return { steps, requests: app.length, writes: writes.length };
  } finally {
    await e.close();
  }
}

const run = await measureRequests();
if (process.argv.includes('--requests-only')) {
  console.log(
    JSON.stringify({
      steps: run.steps,
      requests_per_step: +(run.requests / run.steps).toFixed(2),
      writes_per_step: +(run.writes / run.steps).toFixed(2),
    }),
  );
  process.exit(0);
}
const ack = await measureAck();
console.log(
  `webhook acknowledgement (bench/e2e-ack.ts, ${ack.deliveries} deliveries): p50 ${ack.ack_p50_ms} ms, p99 ${ack.ack_p99_ms} ms (bare node:http ${ack.bare_p99_ms} ms, ratio ${ack.ack_p99_ratio_vs_bare}; per round ${ack.ack_p99_ratio_vs_bare_min}/${ack.ack_p99_ratio_vs_bare_median}/${ack.ack_p99_ratio_vs_bare_max}), dropped ${ack.dropped}, load ${ack.load_avg_1m} -> ${ack.load_avg_1m_end}`,
);
console.log(
  JSON.stringify({
    steps: run.steps,
    requests_per_step: +(run.requests / run.steps).toFixed(2),
    writes_per_step: +(run.writes / run.steps).toFixed(2),
    ack_p50_ms: ack.ack_p50_ms,
    ack_p99_ms: ack.ack_p99_ms,
    bare_p99_ms: ack.bare_p99_ms,
    ack_p99_ratio_vs_bare: ack.ack_p99_ratio_vs_bare,
    ack_p99_ratio_vs_bare_min: ack.ack_p99_ratio_vs_bare_min,
    ack_p99_ratio_vs_bare_median: ack.ack_p99_ratio_vs_bare_median,
    ack_p99_ratio_vs_bare_max: ack.ack_p99_ratio_vs_bare_max,
    dropped: ack.dropped,
    load_avg_1m: ack.load_avg_1m,
    load_avg_1m_end: ack.load_avg_1m_end,
  }),
);

// `npm run conformance`: runs the conformance tests (test/conformance/ and the REST checker's own tests) with
// vitest, prints each check with what it measured and its result, and ends with one JSON line of totals:
// {"workflows":N,"workflow_errors":0,"actionlint_findings":0,"artifact_names_invalid":0,"payloads":N,
//  "payloads_invalid":0,"requests_outside_description":0}
// The tests are the same ones `npm test` runs: each records its counts (test/support/conformance/record-conformance.ts)
// into the file named by UET_CONFORMANCE_REPORT before it asserts. Exits 1 when a test fails or an error count is
// not zero.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'uet-conformance-'));
const report = join(dir, 'report.jsonl');
writeFileSync(report, '');

const vitest = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    'test/conformance',
    'test/app/conformance.test.ts',
    '--reporter=dot',
  ],
  {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, UET_CONFORMANCE_REPORT: report },
  },
);

const lines = readFileSync(report, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
rmSync(dir, { recursive: true, force: true });

const ERRORS = [
  'workflow_errors',
  'actionlint_findings',
  'artifact_names_invalid',
  'dispatch_inputs_invalid',
  'payloads_invalid',
  'requests_outside_description',
];
const totals = {};
console.log('\nConformance checks (each against what GitHub publishes):');
for (const { check, counts, problems } of lines) {
  for (const [k, v] of Object.entries(counts)) totals[k] = (totals[k] ?? 0) + v;
  const failed = ERRORS.some((k) => (counts[k] ?? 0) > 0) || problems.length > 0;
  const shown = Object.entries(counts)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  console.log(`${failed ? 'FAIL' : 'ok  '} ${check}: ${shown}`);
  for (const p of problems.slice(0, 5)) console.log(`       ${p}`);
}
const summary = {
  workflows: totals.workflows ?? 0,
  workflow_errors: totals.workflow_errors ?? 0,
  actionlint_findings: totals.actionlint_findings ?? 0,
  artifact_names_invalid: totals.artifact_names_invalid ?? 0,
  payloads: totals.payloads ?? 0,
  payloads_invalid: totals.payloads_invalid ?? 0,
  requests_outside_description: totals.requests_outside_description ?? 0,
};
console.log(
  `tests: ${vitest.status === 0 ? 'passed' : 'FAILED'}; also checked: ${totals.artifact_names ?? 0} artifact names, ` +
    `${totals.dispatches ?? 0} dispatches (${totals.dispatch_inputs_invalid ?? 0} with invalid inputs), ` +
    `${totals.requests ?? 0} REST requests`,
);
console.log(JSON.stringify(summary));
const bad = vitest.status !== 0 || ERRORS.some((k) => (totals[k] ?? 0) > 0) || lines.length === 0;
process.exit(bad ? 1 : 0);

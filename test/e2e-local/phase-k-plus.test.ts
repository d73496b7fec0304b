import { execFile, execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDocument } from '../../src/core/contracts/index.js';
import { git, makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { repoRoot } from '../cli/run-uet.js';

const fakeTools = join(repoRoot, 'test/fixtures/fake-tools');
const project = join(repoRoot, 'test/fixtures/phase-k-plus-project');
const hasPython = (() => {
  try {
    execFileSync('python', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** `node bin/uet.js <args>` with `pathDirs` first on PATH, as a user with the CLIs installed would run it. */
async function uet(
  args: string[],
  pathDirs: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: [...pathDirs, process.env.PATH ?? ''].join(':'), HOME: process.env.HOME ?? '/tmp' };
  try {
    const r = await promisify(execFile)(process.execPath, [join(repoRoot, 'bin/uet.js'), ...args], {
      cwd: repoRoot,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, ...r };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

/** A scratch repository holding a stand-in of the project the Phase K+ plan targets (its docs and scripts). */
async function scratchRepo(withRouterConfig: boolean): Promise<string> {
  const dir = await makeTempDir('uet-phase-k-');
  await cp(project, dir, {
    recursive: true,
    filter: (src) => withRouterConfig || !src.includes('router_config'),
  });
  await git(dir, 'init', '-q');
  await git(dir, 'add', '-A');
  await git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'project');
  return dir;
}

interface StatusJson {
  status: {
    state: string;
    gates: { type: string; state: string; blocking: boolean }[];
    completion_criteria: { status: string }[];
    acceptance: { accepted: boolean | null };
  };
  run_record: {
    state: string;
    cost: { spent_usd: number; tokens_input: number };
    counters: { steps_succeeded: number; patches_created: number };
  };
  step_attempts: {
    step_id: string;
    state: string;
    tool_id: string;
    cost_usd?: number;
    prompt?: { prompt_id: string; prompt_hash: string };
    route?: { strategy: string };
    outputs?: { patch_id?: string; commit?: string };
  }[];
  routing: {
    config_source: string;
    available_tools: string[];
    decisions: { step_id: string; tool_id: string; strategy: string; reason: string; rule_id?: string }[];
    prompts: { prompt_id: string; prompt_hash: string; path: string }[];
  };
}

async function statusOf(dir: string): Promise<StatusJson> {
  const r = await uet(['status', '--repo', dir, '--json'], []);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as StatusJson;
}

async function expectPromptsStored(dir: string, s: StatusJson): Promise<void> {
  expect(s.routing.prompts.length).toBe(s.step_attempts.length);
  for (const p of s.routing.prompts) {
    const doc = JSON.parse(await readFile(join(dir, p.path), 'utf8')) as { prompt_hash: string };
    const checked = validateDocument('prompt_instance', doc);
    expect(checked.ok ? [] : checked.issues).toEqual([]);
    expect(doc.prompt_hash).toBe(p.prompt_hash);
  }
  for (const a of s.step_attempts)
    expect(s.routing.prompts.map((p) => p.prompt_id)).toContain(a.prompt!.prompt_id);
}

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'pipe' });
}, 60_000);
afterAll(removeTempDirs);

describe.skipIf(!hasPython)(
  'examples/phase-k-plus end to end with fake claude, codex and aider',
  { timeout: 180_000 },
  () => {
    it('runs bundle.json on a scratch repository: routing, prompts, patches, gates and cost in `uet status --json`', async () => {
      const dir = await scratchRepo(false);
      const r = await uet(['run', 'examples/phase-k-plus/bundle.json', '--repo', dir, '--init'], [fakeTools]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain(
        'routing: built-in router_config; tools available: shell, claude, codex, aider',
      );
      const s = await statusOf(dir);
      expect(s.run_record.state).toBe('succeeded');
      expect(s.run_record.counters.steps_succeeded).toBe(33);
      expect(s.routing.decisions).toHaveLength(33);
      expect(s.routing.decisions.every((d) => d.tool_id === 'aider' && d.strategy === 'explicit')).toBe(true);
      await expectPromptsStored(dir, s);
      for (const a of s.step_attempts) {
        expect(a).toMatchObject({ state: 'succeeded', tool_id: 'aider', route: { strategy: 'explicit' } });
        expect(a.cost_usd).toBeGreaterThan(0);
        expect(a.outputs?.commit).toMatch(/^[0-9a-f]{40}$/);
        expect(a.outputs?.patch_id).toMatch(/^[0-9A-Z]{26}$/);
      }
      expect(s.run_record.counters.patches_created).toBe(33);
      expect(s.run_record.cost.spent_usd).toBeGreaterThan(0.2);
      expect(s.run_record.cost.tokens_input).toBeGreaterThan(0);
      expect(s.status.gates.filter((g) => g.type === 'GATE_DOCS').map((g) => g.state)).toEqual([
        'succeeded',
        'succeeded',
        'succeeded',
        'succeeded',
      ]);
      expect(s.status.gates.find((g) => g.type === 'GATE_LINT')).toMatchObject({
        state: 'failed',
        blocking: false,
      }); // markdownlint is not installed
      expect(s.status.completion_criteria.every((c) => c.status === 'not_checkable')).toBe(true); // the seed's criteria are prose
      const branch = (
        await git(dir, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/uet/run/')
      ).trim();
      expect(await git(dir, 'show', `${branch}:docs/reference/ERROR_CATALOG.md`)).toContain('### Entry 20');
      expect(await git(dir, 'ls-tree', '-r', '--name-only', branch)).not.toMatch(
        /\.aider|\.github\/workflows/,
      );
    });

    it('converts plan.md and routes it by .uet/router_config.json, falling back when codex is missing', async () => {
      const dir = await scratchRepo(true);
      const bundle = join(dir, '..', `${dir.split('/').pop()!}-bundle.json`);
      const converted = await uet(['convert', 'examples/phase-k-plus/plan.md', '-o', bundle], []);
      expect(converted.code, converted.stderr).toBe(0);
      // Only claude and aider are installed.
      const bin = await makeTempDir('uet-bin-');
      await mkdir(bin, { recursive: true });
      for (const t of ['claude', 'aider']) await symlink(join(fakeTools, t), join(bin, t));
      const plan = await uet(['plan', bundle, '--repo', dir], [bin]);
      expect(plan.stdout).toMatch(
        /routing \(router_config: \.uet\/router_config\.json\):\n {2}step +tool +routing +reason\n/,
      );
      const r = await uet(['run', bundle, '--repo', dir], [bin]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('unavailable: codex (codex is not on PATH)');
      const s = await statusOf(dir);
      expect(s.routing.config_source).toBe('.uet/router_config.json');
      const byStep = new Map(s.routing.decisions.map((d) => [d.step_id, d]));
      expect(byStep.get('k0-fix-links')).toMatchObject({ tool_id: 'aider', strategy: 'explicit' });
      expect(byStep.get('k3-dependency-script')).toMatchObject({
        tool_id: 'aider',
        strategy: 'fixed',
        rule_id: 'scripts',
      });
      const adrs = [...byStep.values()].filter((d) => d.rule_id === 'adrs');
      expect(adrs.length).toBe(5);
      expect(adrs.every((d) => d.tool_id === 'claude')).toBe(true);
      expect(adrs.some((d) => d.reason.includes('codex is unavailable; fell back to claude'))).toBe(true);
      expect(byStep.get('k1-impact-matrix')).toMatchObject({ strategy: 'auto', rule_id: 'docs' });
      expect(new Set(s.step_attempts.map((a) => a.tool_id))).toEqual(new Set(['claude', 'aider']));
      await expectPromptsStored(dir, s);
      expect(s.status.completion_criteria.filter((c) => c.status === 'met').length).toBeGreaterThanOrEqual(8);
      expect(s.status.acceptance.accepted).toBe(true);
      expect(s.run_record.cost.spent_usd).toBeGreaterThan(0);
    });
  },
);

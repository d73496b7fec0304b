import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runUet, runUetProcess, type UetResult } from './run-uet.js';

const fixtures = 'test/fixtures/bundles';
const noStackTrace = (r: UetResult) => expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /);

describe('uet validate (real process)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'pipe' });
  });

  it('accepts the Phase K+ example and exits 0', async () => {
    const r = await runUetProcess(['validate', 'examples/phase-k-plus/bundle.json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('examples/phase-k-plus/bundle.json: ok (workstream_bundle)\n');
  });

  it('names the cycle and exits 1', async () => {
    const r = await runUetProcess(['validate', `${fixtures}/cycle.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `${fixtures}/cycle.yaml: /workstreams/0/steps/0/depends_on: dependency cycle: a -> b -> c -> a`,
    );
    noStackTrace(r);
  });

  it('exits 2 with line and column for unparseable YAML, without a stack trace', async () => {
    const r = await runUetProcess(['validate', `${fixtures}/broken.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^uet: test\/fixtures\/bundles\/broken\.yaml: invalid YAML at line 6, column \d+: /,
    );
    noStackTrace(r);
  });

  it('stays quiet when its reader goes away (uet validate ... | head -1)', async () => {
    const files = Array.from({ length: 200 }, () => 'examples/phase-k-plus/bundle.json');
    const child = spawn(process.execPath, ['bin/uet.js', 'validate', ...files], { cwd: repoRoot });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('exits 2 for a bad flag', async () => {
    const r = await runUetProcess(['validate', '--frobnicate', `${fixtures}/valid.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("uet: unknown option '--frobnicate'");
  });
});

describe('uet validate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uet-validate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints ok for a valid bundle and exits 0', async () => {
    const r = await runUet(['validate', `${fixtures}/valid.yaml`]);
    expect(r).toEqual({ code: 0, stdout: `${fixtures}/valid.yaml: ok (workstream_bundle)\n`, stderr: '' });
  });

  it('reports an unknown depends_on target at its pointer', async () => {
    const r = await runUet(['validate', `${fixtures}/unknown-dependency.json`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `${fixtures}/unknown-dependency.json: /workstreams/0/steps/1/depends_on/1: unknown step "a3" (line 8)`,
    );
  });

  it('reports a schema error as file: pointer: message with the allowed values', async () => {
    const r = await runUet(['validate', `${fixtures}/bad-enum.json`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `${fixtures}/bad-enum.json: /workstreams/0/on_error: must be one of "fail_fast", "continue", "escalate" (got "explode")`,
    );
    expect(r.stdout).toContain('validated as workstream_bundle (best match');
  });

  it('reports duplicate ids', async () => {
    const path = join(dir, 'dup.json');
    const step = { step_id: 's', tool_profile_id: 'shell', context: { command: 'true' } };
    writeFileSync(
      path,
      JSON.stringify({
        bundle_id: 'd',
        workstreams: [
          { ws_id: 'A', steps: [step] },
          { ws_id: 'A', steps: [step] },
        ],
      }),
    );
    const r = await runUet(['validate', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${path}: /workstreams/1/ws_id: duplicate workstream id "A"`);
    expect(r.stdout).toContain(`${path}: /workstreams/1/steps/0/step_id: duplicate step id "s"`);
  });

  it('prints a machine-readable array with --json', async () => {
    const r = await runUet(['validate', '--json', `${fixtures}/valid.yaml`, `${fixtures}/cycle.yaml`]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        file: `${fixtures}/valid.yaml`,
        contract: 'workstream_bundle',
        detection: 'declared',
        valid: true,
        issues: [],
      },
      {
        file: `${fixtures}/cycle.yaml`,
        contract: 'workstream_bundle',
        detection: 'best_match',
        valid: false,
        issues: [
          {
            pointer: '/workstreams/0/steps/0/depends_on',
            message: 'dependency cycle: a -> b -> c -> a',
            line: 8,
          },
        ],
      },
    ]);
  });

  it('validates against the contract named by --schema', async () => {
    const r = await runUet([
      'validate',
      '--schema',
      'workstream_bundle.v1',
      '--json',
      `${fixtures}/valid.yaml`,
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({
      contract: 'workstream_bundle',
      detection: 'flag',
      valid: true,
    });
  });

  it('exits 2 and lists the contracts for an unknown --schema', async () => {
    const r = await runUet(['validate', '--schema', 'nonsense', `${fixtures}/valid.yaml`]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(
      /^uet: unknown contract "nonsense" for --schema; known contracts: .*workstream_bundle/,
    );
  });

  it('reports a missing file, still checks the others, and exits 2', async () => {
    const r = await runUet(['validate', 'no/such/bundle.json', `${fixtures}/valid.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('uet: no/such/bundle.json: no such file\n');
    expect(r.stdout).toContain(`${fixtures}/valid.yaml: ok`);
  });

  it('reports an unparseable file in --json output too', async () => {
    const r = await runUet(['validate', '--json', `${fixtures}/broken.yaml`]);
    expect(r.code).toBe(2);
    const [report] = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      file: `${fixtures}/broken.yaml`,
      contract: null,
      detection: null,
      valid: false,
    });
    expect(report.error).toMatch(/invalid YAML at line 6, column \d+/);
  });

  it('reports a declared contract it does not know', async () => {
    const path = join(dir, 'declared.yaml');
    writeFileSync(path, 'meta_version: gizmo.v1\nname: x\n');
    const r = await runUet(['validate', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /: \/meta_version: declares an unknown contract "gizmo\.v1" \(known: .*\); fix it or pass --schema \(line 1\)\n$/,
    );
  });

  it('accepts every shipped profile and phase template, checking each phase against its profile', async () => {
    const files = readdirSync('profiles').flatMap((id) => {
      const templates = join('profiles', id, 'phase_templates');
      const phases = existsSync(templates) ? readdirSync(templates).map((f) => join(templates, f)) : [];
      return [join('profiles', id, 'profile.json'), ...phases];
    });
    expect(files.length).toBeGreaterThanOrEqual(10);
    const r = await runUet(['validate', ...files, 'examples/phase-k-plus/bundle.json']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toHaveLength(files.length + 1);
    expect(r.code).toBe(0);
  });

  it('resolves files against the working directory', async () => {
    const r = await runUet(['validate', 'bundle.json'], { cwd: join(repoRoot, 'examples/phase-k-plus') });
    expect(r).toEqual({ code: 0, stdout: 'bundle.json: ok (workstream_bundle)\n', stderr: '' });
  });
});

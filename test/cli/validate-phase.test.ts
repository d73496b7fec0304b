import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runUet } from './run-uet.js';

const example = (name: string) => JSON.parse(readFileSync(`schema/${name}.v1.json`, 'utf8')).examples[0];

describe('uet validate on phases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uet-validate-phase-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A repository with its own profile, narrower than uet's: phases in it are checked against this one.
  const profile = { ...example('profile_extension'), profile_id: 'acme-python' };
  profile.adds_constraints = { ...profile.adds_constraints, max_lines_changed: 100 };
  mkdirSync(join(dir, 'profiles/acme-python'), { recursive: true });
  writeFileSync(join(dir, 'profiles/acme-python/profile.json'), JSON.stringify(profile));
  mkdirSync(join(dir, 'phases'));

  const writePhase = (name: string, changes: Record<string, unknown>) => {
    const phase = { ...example('phase_spec'), profile_id: 'acme-python', ...changes };
    writeFileSync(join(dir, 'phases', name), JSON.stringify(phase, null, 2));
    return `phases/${name}`;
  };

  it('accepts a phase within its profile', async () => {
    const file = writePhase('ok.json', { constraints: { max_lines_changed: 80, tests_must_pass: true } });
    const r = await runUet(['validate', file], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: `${file}: ok (phase_spec)\n`, stderr: '' });
  });

  it('reports constraints that relax the profile, at their pointer', async () => {
    const file = writePhase('loose.json', {
      constraints: { max_lines_changed: 500, tests_must_pass: false },
    });
    const r = await runUet(['validate', file], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/phases\/loose\.json: \/constraints\/max_lines_changed: .*500.*100/);
    expect(r.stdout).toContain(`${file}: /constraints/tests_must_pass: `);
  });

  it('reports a profile it cannot find', async () => {
    const file = writePhase('orphan.json', { profile_id: 'no-such-profile' });
    const r = await runUet(['validate', file], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}: /profile_id: unknown profile "no-such-profile"`);
  });
});

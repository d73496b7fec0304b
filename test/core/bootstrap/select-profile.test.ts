import { describe, expect, it } from 'vitest';
import { selectProfile } from '../../../src/core/bootstrap/select-profile.js';
import { discoveryWith, noSignals } from './fixtures.js';

describe('selectProfile: the decision tree of docs/bootstrap.md', () => {
  it('Python repo → software-dev-python', () => {
    const s = selectProfile(discoveryWith([['Python', 90_000], ['Shell', 4_000]]), { ...noSignals, docBytes: 5_000 });
    expect(s).toMatchObject({ status: 'chosen', profileId: 'software-dev-python' });
    expect(s.confidence).toBeGreaterThan(0.9);
    expect(s.reasons.join('\n')).toContain('Python is 95.7% of the source code');
  });
  it('Terraform repo → operations (HCL share plus infrastructure kinds)', () => {
    const s = selectProfile(discoveryWith([['HCL', 30_000], ['Shell', 2_000]], ['terraform', 'helm']), noSignals);
    expect(s).toMatchObject({ status: 'chosen', profileId: 'operations' });
    expect(s.reasons.join('\n')).toMatch(/infrastructure found: terraform, helm/);
  });
  it('Kubernetes manifests only (no counted code) → operations', () => {
    expect(selectProfile(discoveryWith([], ['kubernetes']), noSignals)).toMatchObject({ status: 'chosen', profileId: 'operations', confidence: 0.7 });
  });
  it('docs-only → documentation', () => {
    const s = selectProfile(discoveryWith([['CSS', 300]], ['mkdocs']), { ...noSignals, docBytes: 40_000, docFiles: 30 });
    expect(s).toMatchObject({ status: 'chosen', profileId: 'documentation' });
    expect(s.reasons[1]).toMatch(/documentation is 99\.\d% of the content .* mkdocs builds it/);
  });
  it('dbt, Airflow or SQL-heavy → data-pipeline', () => {
    expect(selectProfile(discoveryWith([['Python', 2_000]], ['dbt']), { ...noSignals, sqlBytes: 20_000, sqlFiles: 40 }).profileId).toBe('data-pipeline');
    expect(selectProfile(discoveryWith([['Python', 50_000]], ['airflow']), noSignals)).toMatchObject({ status: 'chosen', profileId: 'data-pipeline' });
    expect(selectProfile(discoveryWith([['PLpgSQL', 9_000], ['Python', 1_000]]), noSignals).profileId).toBe('data-pipeline');
  });
  it('a language no profile covers → generic', () => {
    expect(selectProfile(discoveryWith([['TypeScript', 80_000], ['JavaScript', 5_000]]), noSignals)).toMatchObject({ status: 'chosen', profileId: 'generic' });
  });
  it('ambiguous (two candidates within the margin) → needs_human with the candidates', () => {
    const s = selectProfile(discoveryWith([['Python', 50_000], ['HCL', 45_000]], ['terraform']), noSignals);
    expect(s.status).toBe('needs_human');
    expect(s.candidates.slice(0, 2).map((c) => c.profile_id).sort()).toEqual(['operations', 'software-dev-python']);
    expect(s.reasons.at(-1)).toMatch(/are within 0.15 of each other/);
  });
  it('nothing to go on → needs_human', () => {
    expect(selectProfile(discoveryWith([]), noSignals)).toMatchObject({ status: 'needs_human', profileId: 'generic', confidence: 0.2 });
  });
  it('Ansible content counts as infrastructure code: playbooks outweighing a Python script → operations', () => {
    const s = selectProfile(discoveryWith([['Python', 40_000], ['Jinja', 5_000]], ['ansible']), { ...noSignals, ansibleBytes: 60_000, ansibleFiles: 70 });
    expect(s).toMatchObject({ status: 'chosen', profileId: 'operations' });
    expect(s.reasons.join('\n')).toMatch(/Ansible playbooks, roles, task files and inventories \(70 files, .*\) are 57\.1% of the source code/);
    expect(s.candidates.find((c) => c.profile_id === 'software-dev-python')?.confidence).toBe(0.38);
  });
  it('a small deployment playbook beside a Python package does not make it operations', () => {
    const s = selectProfile(discoveryWith([['Python', 300_000]], ['ansible']), { ...noSignals, ansibleBytes: 3_000, ansibleFiles: 2 });
    expect(s).toMatchObject({ status: 'chosen', profileId: 'software-dev-python' });
  });
  it('prose that .gitattributes makes Linguist count is documentation, not code → documentation', () => {
    const s = selectProfile(discoveryWith([['Markdown', 900_000], ['Python', 7_000], ['Shell', 2_000]]), { ...noSignals, docBytes: 910_000, docFiles: 400 });
    expect(s).toMatchObject({ status: 'chosen', profileId: 'documentation' });
    expect(s.reasons[0]).toContain('source code is 9000 bytes');
    expect(s.reasons[1]).toMatch(/^Markdown \(900000 bytes\) is prose .* counts as documentation here$/);
  });
  it('prose in files that are not documentation files still counts as documentation (the larger size is kept)', () => {
    const s = selectProfile(discoveryWith([['Org', 80_000], ['Emacs Lisp', 4_000]]), noSignals);
    expect(s.reasons[0]).toContain('source code is 4000 bytes (tests excluded, SQL and Ansible included) and documentation 80000 bytes');
    expect(s.profileId).toBe('documentation');
  });
  it('a profile forced by a person wins, and the reasons say so', () => {
    const s = selectProfile(discoveryWith([['Python', 50_000], ['HCL', 45_000]], ['terraform']), noSignals, { forced: 'operations' });
    expect(s).toMatchObject({ status: 'chosen', profileId: 'operations', confidence: 1 });
    expect(s.reasons.at(-1)).toContain('chosen with --profile');
  });
});

import { describe, expect, it } from 'vitest';
import { buildRouterConfig } from '../../../src/core/bootstrap/build-router-config.js';
import { findMissingExecutable, type CommandEnvironment } from '../../../src/core/bootstrap/find-missing-executable.js';
import { validateArtifacts } from '../../../src/core/bootstrap/validate-artifacts.js';
import type { PhaseSpec, ProfileExtension } from '../../../src/core/contracts/index.js';

const profile: ProfileExtension = {
  profile_id: 'software-dev-python',
  name: 'py',
  version: '1.0.0',
  domain: 'software_development',
  adds_task_kinds: [{ id: 'code_edit', description: 'x' }, { id: 'analysis', description: 'x' }],
  adds_constraints: { max_lines_changed: 300, tests_must_pass: true, forbidden_paths: ['.git/**'] },
};
const env = (executables: string[], extra: Partial<CommandEnvironment> = {}): CommandEnvironment => ({
  executables: new Set(executables),
  repoFiles: new Set(['scripts/check.sh']),
  knownTools: new Set(['ruff']),
  scripts: new Set(['lint']),
  makeTargets: new Set(['test']),
  ...extra,
});

describe('findMissingExecutable', () => {
  const e = env(['pytest', 'npm', 'npx', 'make', 'python3', 'uv', 'git', 'grep']);
  it.each([
    ['pytest -q', undefined],
    ['ruff check .', undefined], // configured in the repository
    ['./scripts/check.sh --all', undefined],
    ['test -s X && grep -q y X', undefined],
    ['npm run lint', undefined],
    ['make test', undefined],
    ['python3 -m unittest', undefined],
    ['uv run pytest', undefined],
    ['black --check .', 'black'],
    ['npm run typecheck', 'npm run typecheck (no such script in package.json)'],
    ['make docs', 'make docs (no such target in the Makefile)'],
    ['npx cowsay', 'npx cowsay (not a dependency of the project)'],
    ['./missing.sh', './missing.sh'],
    ['git diff && terraform validate', 'terraform'],
  ])('%s → %s', (cmd, missing) => expect(findMissingExecutable(cmd, e)).toBe(missing));
});

describe('validateArtifacts: auto-fixes, reported one by one', () => {
  const phase = (): PhaseSpec => ({
    meta_version: 'phase_spec.v1',
    phase_id: 'PH-X-01',
    name: 'x',
    profile_id: 'software-dev-python',
    constraints: { max_lines_changed: 500, tests_must_pass: false, forbidden_paths: [] },
    acceptance: {
      mode: 'custom',
      custom_expression: 'tests and fmt',
      gates: [
        { gate_id: 'tests', type: 'GATE_TEST', command: 'pytest -q' },
        { gate_id: 'fmt', type: 'GATE_LINT', command: 'black --check .' },
      ],
    },
    workstreams: [{ ws_id: 'WS-1', tasks: [{ task_id: 't1', kind: 'code_edit', tool_profile_id: 'shell', command: 'black .' }] }],
  });
  const profiles = new Map([['software-dev-python', profile]]);

  it('clamps relaxed constraints, drops gates whose tool is missing, and warns about task commands', () => {
    const draft = { path: '.uet/phases/PH-X-01.yaml', kind: 'phase_spec' as const, doc: phase() };
    const { artifacts, validation } = validateArtifacts([draft], { profiles, env: env(['pytest']), toolAvailable: () => true });
    const fixed = draft.doc;
    expect(fixed.constraints).toEqual({ max_lines_changed: 300, tests_must_pass: true, forbidden_paths: ['.git/**'] });
    expect(fixed.acceptance?.gates?.map((g) => g.gate_id)).toEqual(['tests']);
    expect(fixed.acceptance).toMatchObject({ mode: 'all' });
    expect(fixed.acceptance?.custom_expression).toBeUndefined();
    expect(validation.auto_fixes.map((f) => f.pointer)).toEqual(['/constraints/max_lines_changed', '/constraints/tests_must_pass', '/constraints/forbidden_paths', '/acceptance/gates/1', '/acceptance/mode']);
    expect(validation.auto_fixes[0]?.description).toBe('max_lines_changed 500 relaxed profile software-dev-python; clamped to 300');
    expect(validation.warnings.map((w) => w.pointer)).toEqual(['/acceptance/gates/1', '/workstreams/0/tasks/0/command']);
    expect(validation.errors).toEqual([]);
    expect(artifacts[0]?.valid).toBe(true);
  });

  it('adds shell as the last resort of a route whose tools are all missing', () => {
    const config = buildRouterConfig(profile, new Set());
    const { validation } = validateArtifacts([{ path: '.uet/router_config.json', kind: 'router_config', doc: config }], { profiles, env: env([]), toolAvailable: (id) => id === 'shell' });
    expect(config.rules?.every((r) => r.tools.at(-1) === 'shell')).toBe(true);
    expect(config.defaults?.fallbacks?.at(-1)).toBe('shell');
    expect(validation.auto_fixes.map((f) => f.pointer)).toEqual(['/rules/0/tools', '/rules/1/tools', '/defaults/fallbacks']);
    expect(validation.warnings.map((w) => w.pointer)).toEqual(['/tools/claude', '/tools/codex', '/tools/aider']);
  });

  it('needs no fix when an AI tool is on PATH', () => {
    const config = buildRouterConfig(profile, new Set(['aider']));
    const { validation } = validateArtifacts([{ path: 'r.json', kind: 'router_config', doc: config }], { profiles, env: env([]), toolAvailable: (id) => id === 'aider' });
    expect(validation.auto_fixes).toEqual([]);
    expect(config.defaults?.tool_id).toBe('aider');
    // Only tools uet has an adapter for: the project's checks are gates, not router entries.
    expect(Object.keys(config.tools ?? {}).sort()).toEqual(['aider', 'claude', 'codex', 'shell']);
  });

  it('reports schema errors against the artifact', () => {
    const { artifacts, validation } = validateArtifacts([{ path: 'p.yaml', kind: 'project_profile', doc: { project_name: '' } }], { profiles, env: env([]), toolAvailable: () => true });
    expect(artifacts[0]?.valid).toBe(false);
    expect(validation.errors[0]).toMatchObject({ path: 'p.yaml' });
  });
});

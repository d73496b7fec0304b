import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildWorkflow } from '../../../src/core/bootstrap/build-workflow.js';
import { checkWorkflow } from '../../../src/core/bootstrap/check-workflow.js';
import { PINNED_ACTIONS, PINNED_TOOLS } from '../../../src/core/bootstrap/workflow-pins.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed workflow, walked freely
type Loose = any;
const text = buildWorkflow({ owner: 'acme', python: true, terraform: true });
const doc = parse(text) as Record<string, Loose>;
const steps = (job: string) => doc.jobs[job].steps as Loose[];
const pointers = (t: string) => checkWorkflow(t).map((i) => i.pointer);

describe('the generated workflow (ADR 0016)', () => {
  it('is dispatched with the four ids, the tool job (a choice) and the runner, and named after the attempt', () => {
    expect(Object.keys(doc.on.workflow_dispatch.inputs)).toEqual(['run_id', 'step_id', 'attempt', 'payload_ref', 'tool', 'runner']);
    expect(doc.on.workflow_dispatch.inputs.tool).toMatchObject({ type: 'choice', options: ['none', 'claude', 'codex', 'aider'], required: true });
    expect(doc['run-name']).toBe('uet:${{ inputs.run_id }}:${{ inputs.step_id }}:${{ inputs.attempt }}');
    expect(checkWorkflow(text)).toEqual([]);
  });

  it('has a job per trust level: each tool job holds only its tool’s secrets, sandbox and integrate none', () => {
    expect(Object.keys(doc.jobs)).toEqual(['claude', 'codex', 'aider', 'sandbox', 'integrate']);
    const secrets = (job: string) => [...JSON.stringify(doc.jobs[job]).matchAll(/secrets\.(\w+)/g)].map((m) => m[1]);
    expect(secrets('claude')).toEqual(['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN']);
    expect(secrets('codex')).toEqual(['CODEX_API_KEY', 'OPENAI_API_KEY']);
    expect(secrets('aider')).toEqual(['AIDER_OPENAI_API_KEY', 'AIDER_ANTHROPIC_API_KEY']);
    expect(secrets('sandbox')).toEqual([]);
    expect(secrets('integrate')).toEqual([]);
    // The endpoints are the repository's variables, not secrets, and only the tool's own.
    const vars = (job: string) => [...JSON.stringify(doc.jobs[job]).matchAll(/vars\.(\w+)/g)].map((m) => m[1]);
    expect([vars('claude'), vars('codex'), vars('aider'), vars('sandbox'), vars('integrate')]).toEqual([['ANTHROPIC_BASE_URL'], ['OPENAI_BASE_URL'], [], [], []]);
    expect(doc.permissions).toEqual({});
    for (const j of ['claude', 'codex', 'aider', 'sandbox']) expect(doc.jobs[j].permissions).toEqual({ contents: 'read' });
    expect(doc.jobs.integrate.permissions).toEqual({ contents: 'write', actions: 'write' });
    for (const j of Object.keys(doc.jobs))
      for (const s of steps(j).filter((x) => String(x.uses).startsWith('actions/checkout@'))) expect(s.with['persist-credentials']).toBe(false);
  });

  it('runs each tool job only when the dispatch names it, and the skipped ones skip neither sandbox nor integrate', () => {
    expect(doc.jobs.claude.if).toBe("${{ inputs.tool == 'claude' }}");
    expect(doc.jobs.sandbox.needs).toEqual(['claude', 'codex', 'aider']);
    expect(doc.jobs.sandbox.if).toContain('!cancelled()');
    expect(doc.jobs.integrate).toMatchObject({ needs: 'sandbox', if: "${{ !cancelled() && needs.sandbox.result == 'success' }}" });
    expect(doc.jobs.integrate.concurrency).toEqual({ group: 'uet-${{ inputs.run_id }}-${{ inputs.step_id }}-${{ inputs.attempt }}', 'cancel-in-progress': false });
  });

  it('runs the AI tool in its job (mode tool) and all repository code in the sandbox (mode execute); integrate runs no run: step', () => {
    expect(steps('claude').find((s) => s.id === 'uet').with).toMatchObject({ mode: 'tool', tool: '${{ inputs.tool }}' });
    expect(steps('sandbox').find((s) => s.id === 'uet').with).toMatchObject({ mode: 'execute', tool: '${{ inputs.tool }}' });
    expect(steps('integrate').map((s) => s.uses.replace(/@.*/, ''))).toEqual(['actions/checkout', 'actions/download-artifact', 'acme/uet']);
    expect(steps('sandbox').some((s) => 'run' in s)).toBe(false);
    // Artifact names come from the action (node ids hold colons); downloads use the job outputs.
    expect(steps('sandbox').find((s) => String(s.uses).startsWith('actions/download-artifact@')).with.name).toBe(
      "${{ format('{0}{1}{2}', needs.claude.outputs.artifact, needs.codex.outputs.artifact, needs.aider.outputs.artifact) }}",
    );
    expect(steps('integrate')[1].with.name).toBe('${{ needs.sandbox.outputs.artifact }}');
    expect(text).not.toMatch(/name: uet-patch-\$\{\{/);
  });

  it('installs each tool pinned by exact version, before the checkout and outside the workspace', () => {
    for (const [job, pin] of Object.entries(PINNED_TOOLS)) {
      const s = steps(job);
      const install = s.findIndex((x) => typeof x.run === 'string');
      expect(install).toBeLessThan(s.findIndex((x) => String(x.uses).startsWith('actions/checkout@')));
      expect(s[install]['working-directory']).toBe('${{ runner.temp }}');
      expect(s[install].run).toContain(job === 'aider' ? `${pin.package}==${pin.version}` : `${pin.package}@${pin.version}`);
      expect(s[install].run).not.toContain('${{');
    }
  });

  it('pins every action by commit, with its tag in a comment, and the tools at the versions the real-CLI tests run', () => {
    const uses = [...text.matchAll(/uses: (\S+)(.*)/g)].filter((m) => !m[1]!.startsWith('acme/uet@'));
    expect(uses.length).toBeGreaterThan(10);
    for (const [, ref, comment] of uses) expect(`${ref}${comment}`).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    for (const a of Object.values(PINNED_ACTIONS)) expect(text).toContain(`${a.repo}@${a.sha} # ${a.tag}`);
    const script = readFileSync(join(import.meta.dirname, '../../../scripts/install-real-clis.sh'), 'utf8');
    expect(script).toContain(`CLAUDE_VERSION=${PINNED_TOOLS.claude.version}`);
    expect(script).toContain(`CODEX_VERSION=${PINNED_TOOLS.codex.version}`);
  });

  it('the checker catches what ADR 0016 forbids', () => {
    const bad = (from: string, to: string) => text.replace(from, to);
    expect(pointers(bad('permissions: {}', 'permissions: write-all'))).toEqual(['/permissions']);
    // A secret in the sandbox, or another tool's key in claude's job.
    expect(pointers(bad('mode: execute', 'mode: execute\n        env:\n          K: ${{ secrets.ANTHROPIC_API_KEY }}'))).toEqual(['/jobs/sandbox']);
    expect(pointers(bad('CLAUDE_CODE_OAUTH_TOKEN: ${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}', 'OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}'))).toEqual(['/jobs/claude']);
    // An expression inside run:, a tag instead of a commit, a persisted token, a sandbox skipped with the tool jobs.
    expect(pointers(bad('--no-fund', '--no-fund ${{ inputs.step_id }}'))).toEqual(['/jobs/claude/steps/1/run']);
    expect(pointers(bad(`${PINNED_ACTIONS.uploadArtifact.sha} # v7.0.0`, 'v4'))).toContain('/jobs/claude/steps/4/uses');
    expect(pointers(text.replace(/persist-credentials: false/, 'persist-credentials: true'))).toEqual(['/jobs/claude/steps/2/with']);
    expect(pointers(text.replace(/ {4}if: \$\{\{ !cancelled\(\) && !contains.*\n/, ''))).toEqual(['/jobs/sandbox/if']);
    // The old two-job workflow.
    const old = parse(text);
    delete old.jobs.sandbox;
    expect(pointers(JSON.stringify(old))).toContain('/jobs');
  });
});

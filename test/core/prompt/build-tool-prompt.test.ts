import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/core/bundle/index.js';
import { validateDocument, type WorkstreamBundle } from '../../../src/core/contracts/index.js';
import {
  buildPromptId,
  buildToolPrompt,
  renderingFor,
  type ToolPromptInput,
} from '../../../src/core/prompt/index.js';

const bundle = JSON.parse(readFileSync('examples/phase-k-plus/bundle.json', 'utf8')) as WorkstreamBundle;
const built = buildPlan(bundle);
if (!built.ok) throw new Error('example bundle must plan');
const plan = built.plan;

const input = (toolId: string, extra: Partial<ToolPromptInput> = {}): ToolPromptInput => ({
  node: plan.nodes.get('k1-12-update-index')!,
  plan,
  attempt: 1,
  runId: '01KANZHJJ08AV9KT9MF4BWS95T',
  toolId,
  adapterId: toolId,
  promptId: '01KANZHPF0SYXWPZGXT160754S',
  createdAt: '2026-01-01T00:00:00.000Z',
  constraints: {
    max_lines_changed: 300,
    max_files_changed: 10,
    ascii_only: true,
    tests_must_pass: true,
    forbidden_paths: ['secrets/**'],
    allow_deletions: false,
  },
  ...extra,
});

describe('prompt instances', () => {
  for (const tool of ['claude', 'codex', 'aider', 'adr_generator']) {
    it(`renders the ${tool} prompt (snapshot) as a valid prompt_instance whose hash is the text's SHA-256`, () => {
      const p = buildToolPrompt(input(tool));
      expect(p.instance.rendering).toBe(renderingFor(tool));
      expect(p.instance.rendered_text).toMatchSnapshot();
      expect(p.instance.prompt_hash).toBe(
        createHash('sha256').update(p.instance.rendered_text, 'utf8').digest('hex'),
      );
      const checked = validateDocument('prompt_instance', p.instance);
      expect(checked.ok ? [] : checked.issues).toEqual([]);
      expect(p.files).toEqual(['docs/DOCUMENTATION_INDEX.md']);
    });
  }

  it('fills the five sections from the step, its workstream, the constraints and the validation', () => {
    const { sections } = buildToolPrompt(input('claude')).instance;
    expect(sections.OBJECTIVE).toMatch(/^Update Documentation Index: Add links to new docs\/adr\/ section/);
    expect(sections.CONTEXT).toContain('Workstream WS-K1-CRITICAL, Week 1: Critical Foundations');
    expect(sections.CONTEXT).toContain('k1-02-adr-workstream (ADR-0001: Workstream Model Choice)');
    expect(sections.CONSTRAINTS.split('\n')).toEqual([
      '- Change at most 10 files.',
      '- Change at most 300 lines in all (insertions plus deletions).',
      '- Do not touch .git/**, .github/workflows/**, .uet/**, secrets/**.',
      '- Use ASCII characters only in the lines you change.',
      '- The tests must pass: `python scripts/generate_doc_index.py` runs on your change.',
      '- Do not delete files.',
    ]);
    expect(sections.FILES_SCOPE).toBe('Change: docs/DOCUMENTATION_INDEX.md');
    expect(sections.OUTPUT_SPEC).toContain(
      'checked with `python scripts/generate_doc_index.py`, which must exit with 0',
    );
  });

  it('tells a retry why the previous attempt failed, which changes the hash', () => {
    const first = buildToolPrompt(input('aider'));
    const retry = buildToolPrompt(
      input('aider', {
        attempt: 2,
        previousError: { errorClass: 'validation_failed', message: 'broken link: docs/x.md' },
      }),
    );
    expect(retry.instance.sections.CONTEXT).toContain(
      'This is attempt 2; the previous one failed (validation_failed): broken link: docs/x.md',
    );
    expect(retry.instance.prompt_hash).not.toBe(first.instance.prompt_hash);
  });

  it('allows shell commands only when the constraints say patch_only false', () => {
    expect(buildToolPrompt(input('claude')).allowShell).toBe(false);
    expect(buildToolPrompt(input('claude', { constraints: { patch_only: false } })).allowShell).toBe(true);
  });

  it('makes deterministic ULIDs from the decision time and a seed', () => {
    const a = buildPromptId(Date.parse('2026-01-01T00:00:00Z'), 'run/step/1');
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(buildPromptId(Date.parse('2026-01-01T00:00:00Z'), 'run/step/1')).toBe(a);
    expect(buildPromptId(Date.parse('2026-01-01T00:00:00Z'), 'run/step/2')).not.toBe(a);
    expect(a.slice(0, 10)).toBe('01KDVDNA00');
  });
});

describe('the repository instruction file in every rendering (issue 16)', () => {
  const file = { path: 'AGENTS.md', text: '# Agents\n\n- Use tabs.\n- Run `make test`.\n\n```sh\nmake lint\n```\n' };
  for (const tool of ['claude', 'codex', 'aider', 'adr_generator']) {
    it(`${tool}: the file's lines, verbatim, at the end of CONTEXT`, () => {
      const p = buildToolPrompt(input(tool, { instructions: file }));
      const block = `The repository's instructions for agents (AGENTS.md), to follow:\n<<<\n${file.text.trimEnd()}\n>>>`;
      expect(p.instance.sections.CONTEXT.endsWith(block)).toBe(true);
      expect(p.instance.rendered_text).toContain(block);
      // Before the output spec, so the tool reads it as context, not as the last word.
      expect(p.instance.rendered_text.indexOf(block)).toBeLessThan(p.instance.rendered_text.lastIndexOf('Do not commit'));
      expect(buildToolPrompt(input(tool)).instance.rendered_text).not.toContain('instructions for agents');
    });
  }
});

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  buildRunInstructions,
  findRunInstructions,
  INSTRUCTION_FILE_MAX_BYTES,
} from '../../../src/core/review/instruction-files.js';

/** A reader of a commit holding `files`, as the app (contents API) and the CLI (git show) read one. */
const reader = (files: Record<string, string>) => {
  const asked: string[] = [];
  return { asked, read: (path: string) => (asked.push(path), Promise.resolve(files[path])) };
};

describe('the repository instruction file of a run (issue 16, ADR 0023)', () => {
  it('takes the first of AGENTS.md, CLAUDE.md, .github/copilot-instructions.md, and reads no further', async () => {
    const all = { 'AGENTS.md': 'agents\n', 'CLAUDE.md': 'claude\n', '.github/copilot-instructions.md': 'copilot\n' };
    const r = reader(all);
    expect(await findRunInstructions(r.read)).toMatchObject({ path: 'AGENTS.md', text: 'agents\n' });
    expect(r.asked).toEqual(['AGENTS.md']);
    expect(await findRunInstructions(reader({ 'CLAUDE.md': 'claude\n', '.github/copilot-instructions.md': 'c\n' }).read)).toMatchObject({ path: 'CLAUDE.md' });
    expect(await findRunInstructions(reader({ '.github/copilot-instructions.md': 'copilot\n' }).read)).toMatchObject({ path: '.github/copilot-instructions.md' });
    expect(await findRunInstructions(reader({ 'README.md': 'x' }).read)).toBeUndefined();
  });

  it('a blank file is not an instruction: the next one is used', async () => {
    expect(await findRunInstructions(reader({ 'AGENTS.md': ' \n\n', 'CLAUDE.md': 'claude\n' }).read)).toMatchObject({ path: 'CLAUDE.md' });
    expect(await findRunInstructions(reader({ 'AGENTS.md': '' }).read)).toBeUndefined();
  });

  it('records git’s blob id of the whole file, its size, and the text as given', () => {
    const text = '# Agents\n\nRun `make test`. Ünïcödé ✓\n';
    const blob = execFileSync('git', ['hash-object', '--stdin'], { input: text }).toString().trim();
    expect(buildRunInstructions('AGENTS.md', text)).toEqual({ path: 'AGENTS.md', blob_sha: blob, bytes: Buffer.byteLength(text), truncated: false, text });
  });

  it('cuts a file over 16 KiB at a character boundary, with a marker, and says so', () => {
    // 3-byte characters that do not divide the limit: a cut by bytes alone would split one.
    const text = '✓'.repeat(INSTRUCTION_FILE_MAX_BYTES);
    const r = buildRunInstructions('AGENTS.md', text)!;
    expect(r.truncated).toBe(true);
    expect(r.bytes).toBe(3 * INSTRUCTION_FILE_MAX_BYTES);
    const [kept, marker] = r.text.split('\n[… cut');
    expect(kept).toBe('✓'.repeat(Math.floor(INSTRUCTION_FILE_MAX_BYTES / 3)));
    expect(kept).not.toContain('\uFFFD');
    expect(marker).toBe(': the file is longer than UET passes to tools]');
    expect(buildRunInstructions('AGENTS.md', 'x'.repeat(INSTRUCTION_FILE_MAX_BYTES))!.truncated).toBe(false);
  });
});

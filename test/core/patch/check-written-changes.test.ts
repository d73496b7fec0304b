import { describe, expect, it } from 'vitest';
import { checkWrittenChanges, PATCH_POLICY_DEFAULTS, type WrittenChange } from '../../../src/core/patch/index.js';
import { filesOf, newFileDiff } from './diff-fixtures.js';

const added = (path: string, more: Partial<WrittenChange> = {}): WrittenChange => ({ path, oldMode: null, newMode: '100644', newId: 'a'.repeat(40), size: 4, ...more });
const policy = { ...PATCH_POLICY_DEFAULTS, allowed_paths: ['docs/**'], forbidden_paths: ['docs/secret/**'] };
const rules = (vs: { rule: string; path?: string }[]) => vs.map((v) => `${v.rule} ${v.path ?? ''}`);

describe('checkWrittenChanges: the policy judges what git wrote', () => {
  it('passes when git wrote exactly what the headers say, inside the policy', () => {
    expect(checkWrittenChanges({ files: filesOf(newFileDiff('docs/a.md', ['x'])), written: [added('docs/a.md')], policy })).toEqual([]);
  });

  it('judges the written path, not the header: a path git wrote that no header names is forged, and broke the policy', () => {
    const v = checkWrittenChanges({ files: filesOf(newFileDiff('docs/a.md', ['x'])), written: [added('infra/a.md')], policy });
    expect(rules(v)).toEqual(['written_mismatch infra/a.md', 'written_mismatch docs/a.md', 'allowed_paths infra/a.md']);
  });

  it('a mode git wrote that the header does not say (a symlink where the diff shows a file) is forged; its target is judged from the blob', () => {
    const v = checkWrittenChanges({ files: filesOf(newFileDiff('docs/l', ['x'])), written: [added('docs/l', { newMode: '120000', linkTarget: '../../etc/passwd' })], policy });
    expect(rules(v)).toEqual(['written_mismatch docs/l', 'symlink_escape docs/l']);
  });

  it('always-forbidden places, submodules, sizes and symlink targets are read from what git wrote', () => {
    const written = [
      added('.github/workflows/x.yml'),
      added('docs/sub', { newMode: '160000' }),
      added('docs/big.bin', { size: 2_000_000 }),
      added('docs/l', { newMode: '120000', linkTarget: 'secret/key' }),
    ];
    const files = filesOf(
      newFileDiff('.github/workflows/x.yml', ['x']) + newFileDiff('docs/sub', ['x'], '160000') + newFileDiff('docs/big.bin', ['x']) + newFileDiff('docs/l', ['secret/key'], '120000'),
    );
    expect(rules(checkWrittenChanges({ files, written, policy }))).toEqual([
      'always_forbidden .github/workflows/x.yml',
      'allowed_paths .github/workflows/x.yml',
      'always_forbidden docs/sub',
      'max_file_bytes docs/big.bin',
      'symlink_target docs/l',
    ]);
  });

  it('a step cannot arm the next one: tool configuration git wrote (.claude/settings.json, a .claude symlink, .env, .aider.conf.yml) is refused as tool_config even under `**`', () => {
    const open = { ...PATCH_POLICY_DEFAULTS, allowed_paths: ['**'] };
    const written = [added('.claude/settings.json'), added('pkg/.claude', { newMode: '120000', linkTarget: '../docs' }), added('.env'), added('sub/.aider.conf.yml')];
    const files = filesOf(newFileDiff('.claude/settings.json', ['{}']) + newFileDiff('pkg/.claude', ['../docs'], '120000') + newFileDiff('.env', ['K=v']) + newFileDiff('sub/.aider.conf.yml', ['x: 1']));
    expect(rules(checkWrittenChanges({ files, written, policy: open }))).toEqual(['tool_config .claude/settings.json', 'tool_config pkg/.claude', 'tool_config .env', 'tool_config sub/.aider.conf.yml']);
    // A bundle opts in by naming the file or its directory itself.
    expect(checkWrittenChanges({ files: filesOf(newFileDiff('.env', ['K=v'])), written: [added('.env')], policy: { ...open, allowed_paths: ['.env'] } })).toEqual([]);
  });

  it('holds what git wrote to the resource scope: created files against create, others against modify', () => {
    const scope = { source: 'step s1 context', modify: ['docs/a.md'], create: ['docs/new.md'] };
    const files = filesOf(newFileDiff('docs/other.md', ['x']));
    expect(rules(checkWrittenChanges({ files, written: [added('docs/other.md')], policy, scope }))).toEqual(['resource_scope docs/other.md']);
  });
});

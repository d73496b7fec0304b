import type { PatchArtifact } from '../../../src/core/contracts/index.js';
import { buildPatchArtifact, parseGitDiff, type FilePatch } from '../../../src/core/patch/index.js';

/** A git diff section that replaces `removed` lines by `added` ones in `path`, with one context line around. */
export function modifyDiff(path: string, removed: readonly string[], added: readonly string[], at = 10): string {
  const old = removed.length + 2;
  const neu = added.length + 2;
  return [
    `diff --git a/${path} b/${path}`,
    'index 1111111..2222222 100644',
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -${at},${old} +${at},${neu} @@`,
    ' before',
    ...removed.map((l) => `-${l}`),
    ...added.map((l) => `+${l}`),
    ' after',
    '',
  ].join('\n');
}

export function newFileDiff(path: string, lines: readonly string[], mode = '100644'): string {
  return [
    `diff --git a/${path} b/${path}`,
    `new file mode ${mode}`,
    'index 0000000..3333333',
    '--- /dev/null',
    `+++ b/${path}`,
    `@@ -0,0 +1${lines.length === 1 ? '' : `,${lines.length}`} @@`,
    ...lines.map((l) => `+${l}`),
    '',
  ].join('\n');
}

export const symlinkDiff = (path: string, target: string) =>
  newFileDiff(path, [target], '120000').replace(/\n$/, '\n\\ No newline at end of file\n');

export function deleteDiff(path: string, lines: readonly string[]): string {
  return [
    `diff --git a/${path} b/${path}`,
    'deleted file mode 100644',
    'index 4444444..0000000',
    `--- a/${path}`,
    '+++ /dev/null',
    `@@ -1${lines.length === 1 ? '' : `,${lines.length}`} +0,0 @@`,
    ...lines.map((l) => `-${l}`),
    '',
  ].join('\n');
}

export const binaryDiff = (path: string) =>
  `diff --git a/${path} b/${path}\nindex 87ae6b695deceaf160611414f7dcd5c7366b2e79..22f6b3b038c9c8f81e86f801c481bbf851e477fe 100644\nGIT binary patch\nliteral 8\nPcmYew%wtF_sx$%s42c4\`\n\nliteral 7\nOcmYew%wtF_sssQD(E^45\n\n`;

export const RUN = '01KANZHJJ08AV9KT9MF4BWS95T';
let n = 0;
/** Fresh ULID-shaped patch ids, in increasing order. */
export const nextPatchId = () => `01KANZJ0000000000000${String(n++).padStart(6, '0')}`;

/** The parsed files of a diff (which must parse). */
export function filesOf(diff: string): readonly FilePatch[] {
  const r = parseGitDiff(diff);
  if (!r.ok) throw new Error(`fixture does not parse: ${JSON.stringify(r.errors)}`);
  return r.files;
}

/** An honest artifact of a diff (its scope computed from it). */
export function artifactOf(diff: string, patchId = nextPatchId(), over: Partial<PatchArtifact> = {}): PatchArtifact {
  const { artifact } = buildPatchArtifact({
    patchId,
    targetRepo: '/repo',
    baseCommit: 'abc1234',
    origin: { run_id: RUN, step_id: 's1', attempt: 1, tool_id: 'shell', created_at: '2026-01-01T00:00:00Z' },
    diffText: diff,
  });
  return { ...artifact, ...over };
}

import { createHash } from 'node:crypto';
import type { PatchArtifact, PatchArtifactOrigin } from '../contracts/index.js';
import { buildPatchScope } from './build-patch-scope.js';
import type { DiffParseResult } from './diff-types.js';
import { parseGitDiff } from './parse-git-diff.js';

export interface PatchCapture {
  readonly patchId: string;
  /** The repository: an absolute path locally, owner/name on GitHub. */
  readonly targetRepo: string;
  readonly baseCommit: string;
  readonly baseRef?: string;
  readonly origin: PatchArtifactOrigin;
  readonly summary?: string;
  /** `git diff --binary --full-index -M <base> <commit>`. */
  readonly diffText: string;
}

export interface BuiltArtifact {
  readonly artifact: PatchArtifact;
  /** The parse of diff_text; when it failed, the artifact's scope is empty and the patch must be rejected. */
  readonly parsed: DiffParseResult;
}

export const sha256Of = (text: string) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;

/** The patch_artifact of a captured diff: parsed, with its scope metrics computed and its diff hashed. */
export function buildPatchArtifact(c: PatchCapture): BuiltArtifact {
  const parsed = parseGitDiff(c.diffText);
  const scope = parsed.ok
    ? buildPatchScope(parsed.files)
    : { files_touched: [], line_insertions: 0, line_deletions: 0, hunks: 0 };
  return {
    parsed,
    artifact: {
      patch_id: c.patchId,
      format: 'unified_diff',
      target_repo: c.targetRepo,
      ...(c.baseRef !== undefined ? { base_ref: c.baseRef } : {}),
      base_commit: c.baseCommit,
      origin: c.origin,
      ...(c.summary !== undefined ? { summary: c.summary } : {}),
      scope,
      diff_text: c.diffText,
      diff_sha256: sha256Of(c.diffText),
    },
  };
}

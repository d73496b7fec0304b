import { createHash } from 'node:crypto';
import type { RunInstructions } from '../run/events.js';

/**
 * The repository's agent instructions, in the order UET looks for them at a run's base commit: the first found is
 * used (AGENTS.md is the cross-tool convention; CLAUDE.md is Claude Code's; .github/copilot-instructions.md is
 * Copilot's). Every tool gets the same text, in the CONTEXT section of every prompt.
 */
export const INSTRUCTION_FILES = ['AGENTS.md', 'CLAUDE.md', '.github/copilot-instructions.md'] as const;

/** At most this many UTF-8 bytes of the file reach a prompt; the rest is cut with a marker. */
export const INSTRUCTION_FILE_MAX_BYTES = 16_384;

const CUT_MARK = '\n[… cut: the file is longer than UET passes to tools]';

/** git's blob id of a text (SHA-1 of `blob <bytes>\0<bytes>`): the file at the base commit, checkable with git. */
export function gitBlobSha(text: string): string {
  const body = new TextEncoder().encode(text);
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

/**
 * What a run records of its instruction file: its path, blob id and size, and the text given to tools, cut to
 * INSTRUCTION_FILE_MAX_BYTES at a character boundary. Undefined for an empty (or blank) file. Pure.
 */
export function buildRunInstructions(path: string, text: string): RunInstructions | undefined {
  if (!text.trim()) return undefined;
  const bytes = new TextEncoder().encode(text);
  const truncated = bytes.length > INSTRUCTION_FILE_MAX_BYTES;
  const kept = truncated
    ? `${new TextDecoder().decode(bytes.subarray(0, INSTRUCTION_FILE_MAX_BYTES)).replace(/\uFFFD+$/, '')}${CUT_MARK}`
    : text;
  return { path, blob_sha: gitBlobSha(text), bytes: bytes.length, truncated, text: kept };
}

/**
 * The first instruction file found with something in it, from a reader of the base commit that answers undefined
 * for a missing file (a blank AGENTS.md does not hide a CLAUDE.md that says something).
 */
export async function findRunInstructions(
  read: (path: string) => Promise<string | undefined>,
): Promise<RunInstructions | undefined> {
  for (const path of INSTRUCTION_FILES) {
    const text = await read(path);
    const found = text !== undefined ? buildRunInstructions(path, text) : undefined;
    if (found) return found;
  }
  return undefined;
}

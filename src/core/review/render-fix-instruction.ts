/** One comment of a review thread, or of a review. */
export interface ReviewComment {
  readonly author: string;
  readonly body: string;
}

/** An unresolved review thread of a pull request: where it is, the code it is about, and what was said. */
export interface ReviewThread {
  readonly path: string;
  /** The line it is on (in the file as the PR changes it), or null for an outdated or file-level thread. */
  readonly line: number | null;
  readonly diffHunk?: string;
  readonly comments: readonly ReviewComment[];
}

/** A gate the pull request's last UET run failed, with the end of its output. */
export interface GateFailure {
  readonly runId: string;
  readonly gate: string;
  readonly output: string;
}

export interface FixRequest {
  readonly subject: {
    readonly kind: 'pr' | 'issue';
    readonly number: number;
    readonly title?: string;
    /** An issue's body (a request on an issue). */
    readonly body?: string;
    /** A pull request's head branch. */
    readonly headBranch?: string;
  };
  /** The writer's words: the whole comment after `/uet fix` (or the trigger phrase), every line. */
  readonly instructions: string;
  readonly threads: readonly ReviewThread[];
  readonly gateFailure?: GateFailure;
}

/** What one request may carry into a prompt: beyond these, text is cut with a marker. */
export const FIX_LIMITS = {
  instructions: 20_000,
  issueBody: 20_000,
  threads: 50,
  commentsPerThread: 20,
  comment: 4_000,
  hunkLines: 30,
  gateOutput: 4_096,
} as const;

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max)}\n[… cut at ${max} characters]` : text;

/** The last lines of a diff hunk: the lines the comment is on are at its end. */
const hunkTail = (hunk: string) => {
  const lines = hunk.replace(/\s+$/, '').split('\n');
  return lines.length > FIX_LIMITS.hunkLines ? lines.slice(-FIX_LIMITS.hunkLines).join('\n') : lines.join('\n');
};

/** A fenced block whose fence no line of the text can close. */
function fenced(text: string, info = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text}\n${fence}`;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');

/**
 * The instruction of a follow-up step: what the writer asked (verbatim), then, on a pull request, its unresolved
 * review threads (path, line, the code they are about, each comment with its author) and the output of the gate its
 * last UET run failed; on an issue, its title and body. User text is data here: it reaches the tool only through
 * this instruction in the ledger, never a workflow. Pure.
 */
export function renderFixInstruction(r: FixRequest): string {
  const s = r.subject;
  const parts: string[] = [];
  const asked = r.instructions.trim();
  if (s.kind === 'issue') {
    parts.push(`Resolve issue #${s.number}${s.title ? `: ${s.title.trim()}` : ''}.`);
    if (s.body?.trim()) parts.push(`The issue says:\n${fenced(clip(s.body.trim(), FIX_LIMITS.issueBody), 'text')}`);
    if (asked) parts.push(`The request:\n${fenced(clip(asked, FIX_LIMITS.instructions), 'text')}`);
    return parts.join('\n\n');
  }
  parts.push(
    `Change pull request #${s.number}${s.title ? ` (${s.title.trim()})` : ''}${s.headBranch ? ` on its branch ${s.headBranch}` : ''} as its reviewer asks.`,
  );
  if (asked) parts.push(`The reviewer's request:\n${fenced(clip(asked, FIX_LIMITS.instructions), 'text')}`);
  const threads = r.threads.slice(0, FIX_LIMITS.threads);
  if (threads.length) {
    const items = threads.map((t, i) => {
      const where = `${t.path}${t.line !== null ? `, line ${t.line}` : ''}`;
      const said = t.comments
        .slice(0, FIX_LIMITS.commentsPerThread)
        .map((c) => `@${c.author} wrote:\n${fenced(clip(c.body.trim(), FIX_LIMITS.comment), 'text')}`)
        .join('\n');
      const code = t.diffHunk ? `The code it is about:\n${fenced(hunkTail(t.diffHunk), 'diff')}\n` : '';
      return `${i + 1}. ${where}\n${indent(`${code}${said}`)}`;
    });
    const more = r.threads.length > threads.length ? `\n(${r.threads.length - threads.length} more threads not shown)` : '';
    parts.push(`${asked ? 'Also address' : 'Address'} the unresolved review threads:\n${items.join('\n')}${more}`);
  }
  if (r.gateFailure)
    parts.push(
      `The last UET run on this pull request (${r.gateFailure.runId}) failed its gate ${r.gateFailure.gate}; the end of its output:\n${fenced(clip(r.gateFailure.output, FIX_LIMITS.gateOutput), 'text')}\nMake it pass.`,
    );
  if (!asked && !threads.length && !r.gateFailure) parts.push('Address the review of this pull request.');
  return parts.join('\n\n');
}

import type { ErrorClass, Tokens } from '../../core/run/events.js';
import { classifyToolMessage } from './classify-tool-message.js';

export interface AiderOutcome {
  /** Whether aider printed at least one cost line (it called the model and got an answer). */
  readonly reported: boolean;
  readonly costUsd?: number;
  readonly tokens?: Tokens;
  /** Set when the output shows an error and no answer came back. */
  readonly errorClass?: ErrorClass;
  readonly message?: string;
}

const COST =
  /Tokens:\s*(.+?)\s+sent,(.*?)\s*([\d.]+[kKmM]?)\s+received\.\s*Cost:\s*\$([\d.]+)\s+message,\s*\$([\d.]+)\s+session/g;

/** "2.3k" → 2300, "1.1M" → 1100000, "512" → 512. */
function count(text: string): number {
  const m = /([\d.]+)\s*([kKmM]?)/.exec(text);
  if (!m) return 0;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  return Math.round(n * (unit === 'k' ? 1e3 : unit === 'm' ? 1e6 : 1));
}

/**
 * Reads aider's output. Each model call prints `Tokens: 2.3k sent, 512 received. Cost: $0.01 message, $0.05
 * session.` (sometimes with cache counts between): tokens are summed over the lines, and the cost is the last
 * session figure (one aider process is one session). Without any cost line, an auth, rate-limit or overload
 * error in the output (or in `errorText`, the combined output's tail) is a failure of that class.
 */
export function parseAiderOutput(output: string, errorText = ''): AiderOutcome {
  let input = 0;
  let out = 0;
  let session: number | undefined;
  for (const m of output.matchAll(COST)) {
    const sent = m[1]!;
    const cached = [...m[2]!.matchAll(/([\d.]+[kKmM]?)\s+cache (?:write|hit)/g)].reduce(
      (s, c) => s + count(c[1]!),
      0,
    );
    input += count(sent) + cached;
    out += count(m[3]!);
    session = Number(m[5]);
  }
  if (session !== undefined) return { reported: true, costUsd: session, tokens: { input, output: out } };
  const all = `${output}\n${errorText}`;
  const errorClass = classifyToolMessage(all);
  if (!errorClass) return { reported: false };
  const line = all.split('\n').find((l) => classifyToolMessage(l)) ?? '';
  return { reported: false, errorClass, message: `aider: ${line.trim().slice(0, 300)}` };
}

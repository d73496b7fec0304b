import type { CliIo } from '../cli-context.js';

/**
 * How the CLI writes for this output. `plain` (no emoji, no cursor movement, no live redraw) when stdout is not a
 * terminal or TERM is `dumb`; `tz` is the zone local times are shown in (TZ, else the system's).
 */
export interface OutputStyle {
  readonly plain: boolean;
  readonly tz?: string;
}

export function outputStyle(io: CliIo): OutputStyle {
  const plain = !io.isTTY || io.env.TERM === 'dumb';
  return { plain, ...(io.env.TZ ? { tz: io.env.TZ } : {}) };
}

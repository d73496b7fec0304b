import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildToolEnv,
  NETWORK_ENV,
  PASSED_THROUGH,
  toolAdapters,
} from '../../../src/adapters/tools/index.js';
import { classifyCommandExit } from '../../../src/adapters/tools/shell-adapter.js';

const doc = readFileSync('docs/tools.md', 'utf8');
const section = (heading: string) => doc.split(/^#+ /m).find((s) => s.startsWith(`${heading}\n`)) ?? '';
const rows = (heading: string): [string, string][] =>
  [...section(heading).matchAll(/^\| `([^`]+)`[^|]*\| ([^|]*) \|/gm)].map((m) => [m[1]!, m[2]!.trim()]);

describe('docs/tools.md', () => {
  it('lists exactly the environment the tools get', () => {
    const documented = rows('Environment');
    expect(documented.filter(([, v]) => v === "from UET's environment").map(([k]) => k)).toEqual([
      ...PASSED_THROUGH,
    ]);
    const all = Object.fromEntries(PASSED_THROUGH.map((k) => [k, 'x']));
    const step = buildToolEnv(all, { runId: 'r', attempt: 1, stepId: 's', wsId: 'w', worktree: '/w' });
    const gate = buildToolEnv(all, { runId: 'r', attempt: 1, wsId: 'w', gateId: 'g', worktree: '/w' });
    expect(documented.map(([k]) => k).sort()).toEqual(
      [...new Set([...Object.keys(step), ...Object.keys(gate)])].sort(),
    );
  });

  it('states the exit-code classification of a shell command that classifyCommandExit implements', () => {
    const table = rows('Exit codes');
    const classOf = (code: number) => classifyCommandExit({ exitCode: code, timedOut: false, canceled: false });
    for (const code of [75, 124, 127])
      expect(table.find(([k]) => k.startsWith(String(code)))?.[1]).toBe(`\`${classOf(code)}\``);
    expect(classOf(0)).toBeUndefined();
    expect(classOf(1)).toBe('permanent');
    expect(classifyCommandExit({ exitCode: 127, timedOut: false, canceled: false, spawnError: 'ENOENT' })).toBe('tool_unavailable');
  });

  it("lists each AI tool's own credential variables, and its binary and minimal version", () => {
    const table = section('Credentials of AI tools');
    const tools = section('Tools');
    for (const a of toolAdapters.values()) {
      if (!a.envPassThrough) continue;
      const row = new RegExp(`^\\| \`${a.id}\` \\| (.*) \\|$`, 'm').exec(table)?.[1] ?? '';
      const own = [...row.matchAll(/`([A-Za-z_]+)`/g)].map((m) => m[1]);
      const network = row.endsWith('and the network variables') ? [...NETWORK_ENV] : [];
      expect([...own, ...network], a.id).toEqual([...a.envPassThrough]);
      expect(tools, a.id).toMatch(
        new RegExp(`\\| \`${a.id}\` \\| \`${a.binary}\`[^|]*\\| ${a.minVersion!.replace(/\./g, '\\.')} \\|`),
      );
    }
    const networkRow = /^\| network \(every AI tool, each to its own process\) \| (.*) \|$/m.exec(table)?.[1] ?? '';
    expect([...networkRow.matchAll(/`([A-Za-z_]+)`/g)].map((m) => m[1])).toEqual([...NETWORK_ENV]);
  });
});

import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { exitCodes } from '../../src/cli/exit-codes.js';
import { runUet } from './run-uet.js';

describe('main', () => {
  it('prints help and exits 0 for --help', async () => {
    const r = await runUet(['--help']);
    expect(r.code).toBe(exitCodes.ok);
    expect(r.stdout).toContain('Usage: uet');
    expect(r.stdout).toContain('validate');
  });

  it('loads only the command named, yet help and unknown commands still see them all', async () => {
    const all = await runUet(['--help']);
    for (const name of ['validate', 'plan', 'run', 'resume', 'status', 'runs', 'logs', 'cancel', 'ledger', 'bootstrap', 'convert'])
      expect(all.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    const one = await runUet(['bootstrap', '--help']);
    expect(one).toMatchObject({ code: exitCodes.ok, stderr: '' });
    expect(one.stdout).toContain('Usage: uet bootstrap [options] [dir]');
    expect((await runUet(['help', 'bootstrap'])).stdout).toContain('Usage: uet bootstrap [options] [dir]');
    expect((await runUet(['bootstrp'])).stderr).toContain("(Did you mean bootstrap?)");
  });

  it('prints the version and exits 0', async () => {
    const r = await runUet(['--version']);
    expect(r).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it('exits 2 for an unknown command or a missing argument', async () => {
    const unknown = await runUet(['frobnicate']);
    expect(unknown.code).toBe(exitCodes.badInput);
    expect(unknown.stderr).toMatch(/^uet: unknown command 'frobnicate'/);
    const missing = await runUet(['validate']);
    expect(missing.code).toBe(exitCodes.badInput);
    expect(missing.stderr).toContain("uet: missing required argument 'file'");
  });

  it('exits 2 and shows help when no command is given', async () => {
    const r = await runUet([]);
    expect(r.code).toBe(exitCodes.badInput);
    expect(r.stderr).toContain('Usage: uet');
  });

  it('turns an unexpected error into "internal error" and exit 70, with the stack only under UET_DEBUG', async () => {
    const failing = (env: Record<string, string>) => {
      let stderr = '';
      const io = {
        cwd: process.cwd(),
        env,
        stdout: () => {
          throw new Error('stdout closed');
        },
        stderr: (text: string) => void (stderr += text),
      };
      return main(['node', 'uet', 'validate', 'examples/phase-k-plus/bundle.json'], io).then((code) => ({
        code,
        stderr,
      }));
    };
    const plain = await failing({});
    expect(plain).toEqual({
      code: 70,
      stderr: 'uet: internal error: stdout closed\n(set UET_DEBUG=1 for the stack)\n',
    });
    const debug = await failing({ UET_DEBUG: '1' });
    expect(debug.code).toBe(70);
    expect(debug.stderr).toMatch(/^uet: internal error: stdout closed\nError: stdout closed\n\s+at /);
  });
});

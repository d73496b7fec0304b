import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runUet } from './run-uet.js';

const dir = mkdtempSync(join(tmpdir(), 'uet-schedule-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('uet schedule ls <config>', () => {
  const config = file(
    'uet.yml',
    [
      'schedules:',
      '  - { id: nightly, cron: "0 3 * * *", bundle: uet/nightly.yaml }',
      '  - { id: weekly, cron: "30 6 * * MON", bundle: uet/deps.yaml, base: develop }',
      '',
    ].join('\n'),
  );

  it('prints each schedule with its next fire times in UTC (ISO 8601)', async () => {
    const r = await runUet(['schedule', 'ls', config, '--from', '2026-03-10T12:00:00Z', '--count', '2']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      [
        'nightly  0 3 * * *  uet/nightly.yaml  on the default branch',
        '  2026-03-11T03:00:00.000Z',
        '  2026-03-12T03:00:00.000Z',
        'weekly  30 6 * * MON  uet/deps.yaml  on develop',
        '  2026-03-16T06:30:00.000Z',
        '  2026-03-23T06:30:00.000Z',
        '',
      ].join('\n'),
    );
  });

  it('--json prints the same as data', async () => {
    const r = await runUet(['schedule', 'ls', config, '--json', '--count', '1', '--from', '2026-03-10T12:00:00Z']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { id: 'nightly', cron: '0 3 * * *', bundle: 'uet/nightly.yaml', base: null, next: ['2026-03-11T03:00:00.000Z'] },
      { id: 'weekly', cron: '30 6 * * MON', bundle: 'uet/deps.yaml', base: 'develop', next: ['2026-03-16T06:30:00.000Z'] },
    ]);
  });

  it('a bad cron is exit 1 with the schedule id, its line and pointer', async () => {
    const bad = file('bad.yml', 'schedules:\n  - { id: ok, cron: "0 3 * * *", bundle: a.yaml }\n  - { id: broken, cron: "0 25 * * *", bundle: b.yaml }\n');
    const r = await runUet(['schedule', 'ls', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`uet: ${bad}:3: /schedules/1/cron: schedule "broken": cron \`0 25 * * *\` Invalid value for hour: 25\n`);
  });

  it('a bundle path that escapes the repository is refused with its pointer', async () => {
    const bad = file('escape.yml', 'schedules:\n  - { id: evil, cron: "0 3 * * *", bundle: ../../etc/passwd }\n');
    const r = await runUet(['schedule', 'ls', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/schedules/0/bundle');
  });

  it('a missing file is exit 2, and a bad --count or --from is bad input', async () => {
    expect((await runUet(['schedule', 'ls', join(dir, 'none.yml')])).code).toBe(2);
    expect((await runUet(['schedule', 'ls', config, '--count', '0'])).code).toBe(2);
    expect((await runUet(['schedule', 'ls', config, '--from', 'yesterday'])).code).toBe(2);
  });

  it('a configuration without schedules says so', async () => {
    const r = await runUet(['schedule', 'ls', file('empty.yml', 'label: uet\n')]);
    expect(r).toMatchObject({ code: 0, stdout: `no schedules in ${join(dir, 'empty.yml')}\n` });
  });
});

import { describe, expect, it } from 'vitest';
import { validateAppConfig } from '../../src/app/config/validate-app-config.js';

const issues = (doc: unknown) => {
  const r = validateAppConfig(doc);
  return r.ok ? [] : r.issues.map((i) => `${i.pointer} ${i.message}`);
};

describe('.github/uet.yml: schedules, runner classes, approvals and requirements', () => {
  it('applies the defaults: no schedule, no runner class, no approval, no requirement', () => {
    const r = validateAppConfig({ label: 'uet' });
    expect(r.ok && r.value).toMatchObject({ schedules: [], runners: {}, requirements: [] });
    expect(r.ok && r.value.require_approval).toBeUndefined();
  });

  it('takes every form, with the approval defaults', () => {
    const r = validateAppConfig({
      schedules: [{ id: 'nightly', cron: '0 3 * * *', bundle: 'uet/nightly.yaml', base: 'release/2.x', max_cost_usd: 4 }],
      runners: { big: ['self-hosted', 'linux', 'x64', '16core'], large: 'ubuntu-latest-16-cores', gpu: { group: 'org/ml', labels: ['gpu'] } },
      require_approval: { approvers: ['alice', 'acme/release-team'] },
      requirements: [{ bundle: 'uet/deploy/**', requires: ['approved', 'mergeable'] }],
    });
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.require_approval).toEqual({
      for: ['run', 'fix', 'schedule'],
      approvers: ['alice', 'acme/release-team'],
      min: 1,
      allow_self_approval: false,
    });
  });

  it('names the schedule of a bad cron, and a schedule id used twice, by pointer', () => {
    expect(
      issues({
        schedules: [
          { id: 'a', cron: '@hourly', bundle: 'a.yaml' },
          { id: 'a', cron: '0 0 30 2 *', bundle: 'b.yaml' },
        ],
      }),
    ).toEqual([
      '/schedules/0/cron schedule "a": cron `@hourly` `@hourly` is not supported: write the five fields (GitHub does not take @-names)',
      '/schedules/1/cron schedule "a": cron `0 0 30 2 *` never fires (no date matches it)',
      '/schedules/1/id schedule id "a" is used twice',
    ]);
  });

  it.each([
    ['../secrets.yaml'],
    ['/etc/passwd'],
    ['uet/../../x.yaml'],
    ['uet/$(id).yaml'],
  ])('refuses a schedule whose bundle path %j escapes the repository or is not a path', (bundle) => {
    expect(issues({ schedules: [{ id: 'x', cron: '0 3 * * *', bundle }] })).toEqual([
      expect.stringMatching(/^\/schedules\/0\/bundle must match pattern/),
    ]);
  });

  it('refuses a base that is not a branch name, runner classes with bad names or labels, and unknown requirements', () => {
    const text = issues({
      schedules: [{ id: 'x', cron: '0 3 * * *', bundle: 'a.yaml', base: 'main..evil' }],
      runners: { 'bad name': 'x', ok: [], grp: { labels: ['x'] } },
      require_approval: { approvers: ['not a login'], for: ['deploy'] },
      requirements: [{ bundle: 'a.yaml', requires: ['green'] }],
    }).join('\n');
    expect(text).toContain('/schedules/0/base must match pattern');
    expect(text).toContain('/runners property name must be valid');
    expect(text).toContain('/runners/ok must NOT have fewer than 1 items');
    expect(text).toContain('/require_approval/approvers/0 must match pattern');
    expect(text).toContain('/require_approval/for/0 must be equal to one of the allowed values (run, fix, schedule)');
    expect(text).toContain('/requirements/0/requires/0 must be equal to one of the allowed values (approved, mergeable)');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/app/commands/parse-command.js';
import { findIssueBundle } from '../../src/app/bundle/find-issue-bundle.js';

describe('parseCommand', () => {
  it.each([
    ['/uet run', { name: 'run', skipWorkstreams: [] }],
    [
      '/uet run b.yaml --skip-workstream docs --skip-workstream=ui --max-parallel 2',
      { name: 'run', bundlePath: 'b.yaml', skipWorkstreams: ['docs', 'ui'], maxParallel: 2 },
    ],
    ['/UET Plan plans/x.json\nmore text', { name: 'plan', bundlePath: 'plans/x.json' }],
    ['  /uet status  ', { name: 'status' }],
    ['/uet cancel', { name: 'cancel' }],
    ['/uet retry step-1', { name: 'retry', stepId: 'step-1' }],
    ['/uet', { name: 'help' }],
  ])('%s', (body, command) => {
    expect(parseCommand(body)).toEqual({ kind: 'command', command });
  });

  it('ignores comments that do not start with /uet', () => {
    for (const body of ['', 'hello', '/uetx run', 'please /uet run', '> /uet run'])
      expect(parseCommand(body)).toEqual({ kind: 'none' });
  });

  it('only ever lets ids, paths and numbers through (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (tail) => {
        const r = parseCommand(`/uet run ${tail}`);
        if (r.kind !== 'command' || r.command.name !== 'run') return;
        for (const s of [r.command.bundlePath ?? 'x', ...r.command.skipWorkstreams])
          expect(s).toMatch(/^[A-Za-z0-9._\-/]+$/);
      }),
    );
  });
});

describe('findIssueBundle', () => {
  it('prefers a fenced yaml or json block, then a bundle: line', () => {
    expect(findIssueBundle('x\n```yaml\nbundle_id: a\n```\nbundle: b.yaml')).toEqual({
      kind: 'inline',
      format: 'yaml',
      text: 'bundle_id: a',
    });
    expect(findIssueBundle('~~~json\n{"a":1}\n~~~')).toEqual({
      kind: 'inline',
      format: 'json',
      text: '{"a":1}',
    });
    expect(findIssueBundle('Run it.\nbundle: `plans/b.yaml`\n')).toEqual({
      kind: 'path',
      path: 'plans/b.yaml',
    });
    expect(findIssueBundle('bundle: ../../etc/passwd')).toEqual({ kind: 'none' });
    expect(findIssueBundle(null)).toEqual({ kind: 'none' });
  });
});

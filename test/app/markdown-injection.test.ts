import { afterEach, describe, expect, it } from 'vitest';
import { cell, code, prose } from '../../src/app/render/markdown.js';
import { APP_ID, type AppHarness } from './support/app-harness.js';
import { comment, done, replies, setup, sticky } from './support/scenario.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

/** What a bundle author or a prompt-injected tool would like the app to post under its name. */
const PHISH =
  '[Sign in again](https://evil.example/login) ![pixel](https://evil.example/p.png) [ref][1] <img src=x onerror=alert(1)> <a href="https://evil.example">here</a> www.evil.example HTTPS://evil.example/x mailto:x@evil.example @admins #1';

/** Markdown that GitHub would render as a link, an image, HTML, an autolink or a mention. */
function rendersSomething(body: string): string[] {
  const found: string[] = [];
  const rules: [string, RegExp][] = [
    // The app's own links (workflow runs, the result PR) go to the repository on GitHub: any other is planted.
    ['a link or image', /(?<!\\)\[[^\]\n]*(?<!\\)\](?:\((?!https:\/\/github\.com\/octo-org\/widgets\/)|\[)/],
    ['an image', /(?<!\\)!\[/],
    ['HTML', /<(?:img|a|script|picture)\b/i], // the app's own <details> and <sub> are not from the bundle
    ['an autolink', /(?:https?|mailto):\/?\/?evil|www\.evil/i],
    ['a mention', /@admins/],
    ['a reference', /#1\b/],
  ];
  for (const [what, re] of rules) if (re.test(body)) found.push(`${what}: ${re.exec(body)![0]}`);
  return found;
}

describe('text from bundles and tools cannot plant links, images or HTML in what the app writes', () => {
  it('cell, prose and code defuse every form', () => {
    expect(rendersSomething(PHISH).length).toBeGreaterThanOrEqual(5);
    expect(rendersSomething(cell(PHISH, 1000))).toEqual([]);
    expect(rendersSomething(prose(PHISH, 1000))).toEqual([]);
    // In a code span nothing renders; a backtick cannot close it early, nor a pipe split a table row.
    expect(code('a`[x](https://evil.example)`|b', 100)).toBe("`a'[x](https://evil.example)'\\|b`");
  });

  it('a bundle name and a failing tool message stay text in the plan, the progress comment, the check runs and the result PR', async () => {
    const bundle = `bundle_id: phish\nbundle_name: ${JSON.stringify(PHISH)}\nworkstreams:\n  - ws_id: a\n    steps:\n      - { step_id: s1, tool_profile_id: shell }\n      - { step_id: s2, tool_profile_id: shell, depends_on: [s1] }\n`;
    h = await setup({ bundle, config: 'on_failure: draft_pr\n' });
    await comment(h, '/uet retry x`[Sign](https://evil.example/login)`'); // an argument the parser refuses, quoted back
    expect(replies(h).at(-1)).toContain('UET did not understand that');
    await comment(h, '/uet plan uet/bundle.yaml');
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    await h.finish('s1', 1, { ok: true, files: { 'a.txt': 'a' } });
    await h.finish('s2', 1, { ok: false, errorClass: 'permanent', message: PHISH });
    const s = h.fake.state;
    const written = [
      ...replies(h),
      sticky(h, runId!)!,
      ...s.checkRuns.flatMap((c) => [c.output.summary ?? '', c.output.text ?? '']),
      ...[...s.pulls.values()].filter((p) => p.number !== 7).map((p) => p.body),
    ];
    expect(written.join('\n')).toContain('evil'); // the text is there, as text
    for (const body of written) expect(rendersSomething(body)).toEqual([]);
    expect(s.checkRuns.some((c) => c.name === 'UET step s2' && c.conclusion === 'failure')).toBe(true);
    expect(APP_ID).toBe(s.appId);
  });
});

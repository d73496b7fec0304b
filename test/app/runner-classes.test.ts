import { afterEach, describe, expect, it } from 'vitest';
import type { AppHarness } from './support/app-harness.js';
import { comment, done, replies, setup } from './support/scenario.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

const BUNDLE = `bundle_id: classes
workstreams:
  - ws_id: code
    steps:
      - { step_id: build, tool_profile_id: shell, runs_on: big, timeout_seconds: 1200, context: { command: make } }
      - { step_id: lint, tool_profile_id: shell, context: { command: make lint } }
`;
const RUNNERS = 'runners:\n  big: [self-hosted, linux, x64, 16core]\n';
const runnerOf = (step: string) => JSON.parse(h!.fake.state.dispatches.find((d) => d.inputs.step_id === step)!.inputs.runner!) as unknown;

describe('runner classes on GitHub (ADR 0026)', () => {
  it('a step with runs_on: big is dispatched with the configured labels and its own timeout; the others on the default', async () => {
    h = await setup({ bundle: BUNDLE, config: RUNNERS });
    await comment(h, '/uet run uet/bundle.yaml');
    expect(runnerOf('build')).toEqual({ class: 'big', runs_on: ['self-hosted', 'linux', 'x64', '16core'], timeout_minutes: 30 });
    expect(runnerOf('lint')).toMatchObject({ class: 'default', runs_on: 'ubuntu-latest' });
    const [runId] = h.runIds();
    expect(h.events(runId!)[0]).toMatchObject({ data: { options: { runners: { big: { labels: ['self-hosted', 'linux', 'x64', '16core'] } } } } });
  });

  it('`default` in runners moves every step that names no class', async () => {
    h = await setup({ bundle: BUNDLE, config: `${RUNNERS}  default: { group: org/ci, labels: [linux] }\n` });
    await comment(h, '/uet run uet/bundle.yaml');
    expect(runnerOf('lint')).toMatchObject({ class: 'default', runs_on: { group: 'org/ci', labels: ['linux'] } });
  });
});

describe('attack: a bundle that picks a runner on its own', () => {
  it('a class .github/uet.yml does not map is refused at plan time and at run time; nothing is created or dispatched', async () => {
    h = await setup({ bundle: BUNDLE.replace('runs_on: big', 'runs_on: prod-deploy'), config: RUNNERS });
    await comment(h, '/uet plan uet/bundle.yaml');
    expect(replies(h).at(-1)).toContain('UET would refuse to run this bundle');
    expect(replies(h).at(-1)).toContain('/workstreams/0/steps/0/runs_on: runner class "prod-deploy" is not in .github/uet.yml runners (known: big)');
    await comment(h, '/uet run uet/bundle.yaml');
    expect(replies(h).at(-1)).toContain('UET cannot start this run: the bundle names runner classes .github/uet.yml does not map');
    expect(h.runIds()).toEqual([]);
    expect(h.fake.state.dispatches).toEqual([]);
  });

  it('a raw runner label as runs_on is no class: refused when no runners are configured at all', async () => {
    h = await setup({ bundle: BUNDLE.replace('runs_on: big', 'runs_on: self-hosted') });
    await comment(h, '/uet run uet/bundle.yaml');
    expect(replies(h).at(-1)).toContain('runner class "self-hosted" is not in .github/uet.yml runners (none is configured)');
    expect(h.fake.state.dispatches).toEqual([]);
  });
});

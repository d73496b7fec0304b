import { seedCollaborators } from '../../support/github-routes/index.js';
import { WORKFLOW } from './app-harness.js';
import type { FakeState } from './fake-github/fake-state.js';

/** Six steps in two parallel branches (docs, code) and a gate on the code workstream, then a bundle gate. */
export const DEMO_BUNDLE = `bundle_id: demo
bundle_name: Demo bundle
max_parallel: 4
workstreams:
  - ws_id: docs
    steps:
      - { step_id: d1, tool_profile_id: shell, estimate_cost_usd: 0.1 }
      - { step_id: d2, tool_profile_id: shell, depends_on: [d1] }
      - { step_id: d3, tool_profile_id: shell, depends_on: [d2] }
  - ws_id: code
    steps:
      - { step_id: c1, tool_profile_id: shell }
      - { step_id: c2, tool_profile_id: shell, depends_on: [c1] }
      - { step_id: c3, tool_profile_id: shell, depends_on: [c2] }
    test_gates:
      - { gate_id: unit, type: GATE_TEST, command: npm test }
`;

export const BUNDLE_PATH = 'uet/bundle.yaml';
export const PR = 7;

export interface Seeded {
  readonly mainSha: string;
  readonly headSha: string;
}

export interface SeedOptions {
  readonly config?: string;
  readonly bundle?: string;
  readonly fork?: boolean;
  readonly prFiles?: string[];
  readonly workflow?: boolean;
}

/**
 * The simulated repository: `main` with the UET workflow (and `.github/uet.yml` when given), a pull request #7 from
 * `feature` whose head adds the bundle, and collaborators with every permission level.
 */
export function seedRepo(s: FakeState, o: SeedOptions = {}): Seeded {
  const mainSha = s.commitFiles('main', {
    'README.md': '# widgets\n',
    ...(o.workflow === false ? {} : { '.github/workflows/uet.yml': WORKFLOW }),
    ...(o.config !== undefined ? { '.github/uet.yml': o.config } : {}),
  });
  s.refs.set('refs/heads/feature', mainSha);
  const headSha = s.commitFiles('feature', {
    [BUNDLE_PATH]: o.bundle ?? DEMO_BUNDLE,
    'src/feature.ts': 'export {};\n',
  });
  s.pulls.set(PR, {
    number: PR,
    state: 'open',
    head: { sha: headSha, ref: 'feature', repo: o.fork ? 'someone/widgets' : s.fullName },
    base: { ref: 'main' },
    title: 'PR 7',
    body: '',
    draft: false,
    files: o.prFiles ?? [BUNDLE_PATH, 'src/feature.ts'],
    labels: [],
  });
  seedCollaborators(s);
  return { mainSha, headSha };
}

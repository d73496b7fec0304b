import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildWorkflow } from '../../../src/core/bootstrap/build-workflow.js';
import { seedCollaborators } from '../../support/github-routes/index.js';
import type { BareRepo } from './bare-repo.js';
import type { SimState } from './sim-state.js';

/**
 * Six shell steps in two parallel branches (docs, code), a validation on c2 and a blocking test gate on the code
 * workstream. Each step really changes files, so every patch is a real commit on the run branch.
 */
export const E2E_BUNDLE = `bundle_id: e2e
bundle_name: E2E bundle
max_parallel: 4
workstreams:
  - ws_id: docs
    steps:
      - { step_id: d1, name: Write the guide, tool_profile_id: shell, context: { command: "mkdir -p docs && echo 'guide v1' > docs/guide.md" } }
      - { step_id: d2, name: Extend the guide, tool_profile_id: shell, depends_on: [d1], context: { command: "echo 'usage' >> docs/guide.md" } }
      - { step_id: d3, name: Add a FAQ, tool_profile_id: shell, depends_on: [d2], context: { command: "echo 'faq' > docs/faq.md" } }
  - ws_id: code
    steps:
      - { step_id: c1, name: Add module a, tool_profile_id: shell, context: { command: "mkdir -p src && echo 'export const a = 1;' > src/a.ts" } }
      - { step_id: c2, name: Add module b, tool_profile_id: shell, depends_on: [c1], context: { command: "echo 'export const b = 2;' > src/b.ts" }, validation: { test_command: "test -f src/a.ts" } }
      - { step_id: c3, name: Add module c, tool_profile_id: shell, depends_on: [c2], context: { command: "echo 'export const c = 3;' > src/c.ts" } }
    test_gates:
      - { gate_id: unit, type: GATE_TEST, command: "test -f src/a.ts && test -f src/b.ts && test -f src/c.ts" }
`;

/** Two shell steps in a chain: the short runs of the scenarios that test one edge of the loop. */
export const SMALL_BUNDLE = `bundle_id: small
bundle_name: Small bundle
workstreams:
  - ws_id: main
    steps:
      - { step_id: s1, name: Write notes, tool_profile_id: shell, context: { command: "echo 'one' > notes.md" } }
      - { step_id: s2, name: Extend notes, tool_profile_id: shell, depends_on: [s1], context: { command: "echo 'two' >> notes.md" } }
`;

export const BUNDLE_PATH = 'uet/bundle.yaml';
export const PR = 7;
export const WORKFLOW_TEXT = buildWorkflow({ owner: 'uet-dev', python: false, terraform: false });

export interface SeedOptions {
  readonly config?: string;
  readonly bundle?: string;
  /** The UET workflow on the default branch (default: the one bootstrap generates). */
  readonly workflow?: string;
  /** More files on the default branch, and on the PR's branch. */
  readonly mainFiles?: Readonly<Record<string, string>>;
  readonly prFiles?: Readonly<Record<string, string>>;
  /** The PR comes from a fork (its head is not a branch of this repository). */
  readonly fork?: boolean;
}

export interface Seeded {
  readonly mainSha: string;
  readonly headSha: string;
}

async function commitFiles(
  git: BareRepo,
  work: string,
  branch: string,
  files: Record<string, string>,
  message: string,
): Promise<string> {
  const run = (args: string[]) => git.run(args, { cwd: work });
  await run(['checkout', '--quiet', '-B', branch]);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(work, path)), { recursive: true });
    writeFileSync(join(work, path), text);
  }
  await run(['add', '--all']);
  await run(['commit', '--quiet', '-m', message]);
  await run(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]);
  return (await run(['rev-parse', 'HEAD'])).stdout.trim();
}

/**
 * The simulated repository, pushed for real: `main` with the generated UET workflow (and `.github/uet.yml` when
 * given), a branch `feature` adding the bundle and a source file, the open pull request #7 from it, and
 * collaborators with every permission level.
 */
export async function seedSim(state: SimState, o: SeedOptions = {}): Promise<Seeded> {
  const git = state.git;
  const work = join(dirname(git.dir), 'seed');
  await git.run(['init', '--quiet', '-b', 'main', work], { cwd: dirname(git.dir) });
  await git.run(['remote', 'add', 'origin', git.url], { cwd: work });
  const mainSha = await commitFiles(
    git,
    work,
    'main',
    {
      'README.md': '# widgets\n',
      '.github/workflows/uet.yml': o.workflow ?? WORKFLOW_TEXT,
      ...(o.config !== undefined ? { '.github/uet.yml': o.config } : {}),
      ...o.mainFiles,
    },
    'Initial commit',
  );
  const headSha = await commitFiles(
    git,
    work,
    'feature',
    { [BUNDLE_PATH]: o.bundle ?? E2E_BUNDLE, 'src/feature.ts': 'export {};\n', ...o.prFiles },
    'Add the bundle',
  );
  state.pulls.set(PR, {
    number: PR,
    state: 'open',
    head: o.fork
      ? { ref: 'feature', repo: 'someone/widgets', sha: headSha }
      : { ref: 'feature', repo: state.fullName },
    base: { ref: 'main' },
    title: 'Add the feature',
    body: '',
    draft: false,
    labels: [],
    ...(o.fork ? { files: [BUNDLE_PATH, 'src/feature.ts'] } : {}),
  });
  if (o.fork) {
    await git.createRef(`refs/pull/${PR}/head`, headSha);
    await git.deleteRef('refs/heads/feature');
  }
  seedCollaborators(state);
  return { mainSha, headSha };
}

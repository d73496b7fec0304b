import { reply } from '../report/reply.js';
import { renderPlan } from '../render/render-plan.js';
import type { CommandTrigger } from './command-trigger.js';
import { bundleProblemsReply, capBudget, loadBundleAt, lowestParallel } from './load-bundle-for-run.js';
import type { UetCommand } from './parse-command.js';
import { readDefaultHead } from './issue-run.js';
import { readPull } from './read-pull.js';
import { buildPlan } from '../../core/bundle/index.js';
import { runnerClassesFor } from '../run/runner-classes.js';

/** `/uet plan [<bundle-path>]`: the dry run. Reads the bundle at the head commit and replies with the plan; dispatches nothing. */
export async function planCommand(
  t: CommandTrigger,
  cmd: Extract<UetCommand, { name: 'plan' }>,
): Promise<void> {
  const { scope, config } = t;
  if (!t.isPr) {
    await reply(scope, t.issueNumber, '`/uet plan` works on pull requests.');
    return;
  }
  const pull = await readPull(scope, t.issueNumber);
  // As a run would: a fork's bundle comes from the default branch.
  const at = pull.fork ? await readDefaultHead(t) : pull.headSha;
  const loaded = await loadBundleAt(scope, cmd.bundlePath ?? config.bundle, at);
  if (!loaded.ok) {
    await reply(scope, t.issueNumber, bundleProblemsReply(loaded.problems));
    return;
  }
  const bundle = capBudget(loaded.bundle, config);
  // As a run would: a runs_on that .github/uet.yml does not map refuses the run, so the plan says so (ADR 0026).
  const classes = runnerClassesFor(bundle, config.runners);
  if (!classes.ok) {
    await reply(scope, t.issueNumber, `UET would refuse to run this bundle: it names runner classes .github/uet.yml does not map:\n${classes.problems.map((p) => `- ${p}`).join('\n')}`);
    return;
  }
  const maxParallel = lowestParallel(config.max_parallel, bundle.max_parallel);
  const built = buildPlan(bundle, maxParallel !== undefined ? { maxParallel } : {});
  const plan = built.ok ? built.plan : loaded.plan;
  await reply(scope, t.issueNumber, renderPlan(plan, { path: loaded.path ?? '', sha: at }));
}

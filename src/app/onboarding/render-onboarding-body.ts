import type { BootstrapPlan } from '../../core/bootstrap/plan-bootstrap.js';
import type { BootstrapDiscovery } from '../../core/contracts/index.js';
import type { CreateFileLink } from '../../core/onboarding/build-create-file-link.js';
import type { LanguageSources } from '../../core/onboarding/merge-languages.js';
import { BASELINE_BUNDLE_PATH, type OnboardingFile } from '../../core/onboarding/plan-onboarding-files.js';
import { fitBody, prose } from '../render/markdown.js';
import { codeSpan as code, fenced } from './markdown-safe.js';

/** The first line of every onboarding PR body. */
export const ONBOARDING_MARKER = '<!-- uet:onboarding -->';

/** How the repository was read: the numbers the body reports about its own requests. */
export interface OnboardingReading {
  readonly treeRequests: number;
  readonly walked: boolean;
  readonly unlisted: readonly string[];
  readonly blobsWanted: number;
  readonly blobsRead: number;
  /** Wanted files left unread for the blob budget (the others unread are over 1 MiB). */
  readonly blobsUnread: number;
  readonly requests: number;
  readonly budget: number;
}

export interface OnboardingBodyInput {
  readonly defaultBranch: string;
  readonly commit: string;
  readonly plan: BootstrapPlan;
  readonly discovery: BootstrapDiscovery;
  readonly sources: LanguageSources;
  readonly files: readonly OnboardingFile[];
  readonly workflow: { readonly path: string; readonly text: string };
  readonly link: CreateFileLink;
  readonly reading: OnboardingReading;
}

const LIST_MAX = 25;

/** At most LIST_MAX lines, then how many more. */
function capped(lines: readonly string[]): string[] {
  return lines.length > LIST_MAX
    ? [...lines.slice(0, LIST_MAX), `- … and ${lines.length - LIST_MAX} more`]
    : [...lines];
}

const where = (e: { file: string; line?: number } | undefined) =>
  e ? code(e.line !== undefined ? `${e.file}:${e.line}` : e.file, 120) : '';

const shares = (list: BootstrapDiscovery['languages']) =>
  list.length
    ? list
        .slice(0, 8)
        .map((l) => `${prose(l.language, 60)} ${l.percent.toFixed(1)}%`)
        .join(', ')
    : 'none counted';

function workflowSection(i: OnboardingBodyInput): string {
  const path = code(i.workflow.path);
  const branch = code(i.defaultBranch, 100);
  const how = i.link.prefilled
    ? `**[Create ${i.workflow.path} on ${prose(i.defaultBranch, 100)}](${i.link.url})**: GitHub's editor opens with the file filled in; commit it.`
    : `Copy the workflow below (the copy button at the top right of the block), open **[a new file on ${prose(i.defaultBranch, 100)}](${i.link.url})** (its name is filled in), paste it and commit. ` +
      `(A link holding the workflow would be ${i.link.length} characters long, over the about 8 KB GitHub accepts in a URL.)`;
  return [
    '### One step for you: the workflow',
    '',
    `UET runs each step as a run of ${path} on GitHub Actions. The app may not write workflows (it has no \`workflows\` permission, on purpose), so this PR cannot add it: create it on ${branch} yourself.`,
    '',
    how,
    '',
    `<details${i.link.prefilled ? '' : ' open'}><summary>The workflow</summary>`,
    '',
    fenced(i.workflow.text, 'yaml'),
    '',
    '</details>',
  ].join('\n');
}

function foundSection(i: OnboardingBodyInput): string {
  const { plan, discovery: d } = i;
  const sel = plan.selection;
  const verdict =
    sel.status === 'needs_human'
      ? `**${prose(sel.profileId, 60)}**, UET's best guess (confidence ${sel.confidence}): it could not decide, so check it. \`/uet bootstrap --profile <id>\` regenerates this PR with the profile you choose.`
      : `**${prose(sel.profileId, 60)}** (confidence ${sel.confidence})`;
  const candidates = sel.candidates.map((c) => `${prose(c.profile_id, 60)} ${c.confidence}`).join(', ');
  const tools = d.tools.map(
    (t) =>
      `- ${code(t.tool_id, 60)} (${t.category})${t.command ? `: ${code(t.command)}` : ''} ${where(t.evidence[0])}`,
  );
  const commands = d.ci.workflows.flatMap((w) =>
    w.commands.map((c) => `- ${c.kind}: ${code(c.command)} ${where(c.evidence[0])}`),
  );
  const gates = plan.gates.map((g) => `- ${g.type}: ${code(g.command)}`);
  const frameworks = d.frameworks.map((f) => code(f.name, 60)).join(', ');
  const managers = d.package_managers.map((p) => code(p.name, 40)).join(', ');
  return [
    '### What UET found',
    '',
    `**Profile**: ${verdict}. Candidates: ${candidates}.`,
    '',
    'Why:',
    ...sel.reasons.map((r) => `- ${prose(r)}`),
    '',
    `**Languages** (${i.sources.all === 'github' ? "GitHub's breakdown" : 'from file names'}): ${shares(d.languages)}`,
    '',
    `**Source only** (tests and fixtures left out; the profile is chosen on this): ${shares(d.languages_source_only)}`,
    '',
    ...(frameworks ? [`**Frameworks**: ${frameworks}`, ''] : []),
    ...(managers ? [`**Package managers**: ${managers}`, ''] : []),
    `**Tools** (${d.tools.length}):`,
    ...(tools.length ? capped(tools) : ['- none found']),
    '',
    `**CI** (${prose(d.ci.provider, 40)}): ${commands.length} command${commands.length === 1 ? '' : 's'}`,
    ...capped(commands),
    '',
    `**Gates** (the checks the baseline runs, from CI first):`,
    ...(gates.length ? capped(gates) : ['- none: UET found no test, lint or typecheck command it can run']),
  ].join('\n');
}

function provenanceSection(i: OnboardingBodyInput): string {
  const r = i.reading;
  const tree = r.walked
    ? `the tree, walked directory by directory because GitHub truncated its recursive listing (${r.treeRequests} requests)${
        r.unlisted.length
          ? `; ${r.unlisted.length} director${r.unlisted.length === 1 ? 'y was' : 'ies were'} left unlisted for the request budget: ${r.unlisted
              .slice(0, 5)
              .map((p) => code(p, 80))
              .join(', ')}`
          : ''
      }`
    : 'the tree, in one recursive listing';
  return [
    '### How this was computed',
    '',
    `UET read ${code(i.defaultBranch, 100)} at ${code(i.commit.slice(0, 12))} through GitHub's API, without a clone: ${r.requests} requests (budget ${r.budget}).`,
    '',
    `- **From the API**: the file list and sizes (${tree}); the text of ${r.blobsRead} of the ${r.blobsWanted} configuration files the detectors read (package manifests, CI files, tool configuration)${r.blobsUnread ? `; ${r.blobsUnread} left out for the request budget` : ''}${r.blobsWanted - r.blobsRead - r.blobsUnread > 0 ? `; ${r.blobsWanted - r.blobsRead - r.blobsUnread} over 1 MiB, not read` : ''}.`,
    i.sources.all === 'github'
      ? "- **Languages of every file**: GitHub's own breakdown (Linguist on GitHub's side, with `.gitattributes` and file contents)."
      : '- **Languages of every file**: GitHub had no breakdown yet, so UET computed it from file names, as below.',
    '- **Source-only languages** (which choose the profile): computed by UET from file names and sizes only. Not computed: shebangs, modelines, generated-file headers, binary checks and `.gitattributes` overrides, which need the file contents (a local `uet bootstrap` reads them).',
    "- **Tools on the runner**: assumed to be those of GitHub's `ubuntu-latest` image and what the workflow installs, not checked on a runner.",
  ].join('\n');
}

function warningsSection(i: OnboardingBodyInput): string | undefined {
  const v = i.plan.validation;
  const lines = [
    ...v.errors.map((e) => `- error: ${code(e.path, 120)} ${prose(e.message)} (left out of this PR)`),
    ...(i.discovery.warnings ?? []).map((w) => `- ${prose(w)}`),
    ...v.warnings.map((w) => `- ${code(w.path, 120)} ${prose(w.message)}`),
  ];
  return lines.length ? ['### Warnings', '', ...capped(lines)].join('\n') : undefined;
}

/**
 * The onboarding PR's body: what the PR adds, the workflow the app may not commit (with a link that opens GitHub's
 * "create file" page prefilled with it), what to do next, what bootstrap found (profile and why, languages,
 * tools, CI commands, gates), and which parts came from the API and which were not computed. Every repository
 * value is escaped (markdown-safe). Cut to GitHub's body limit, later sections first. Pure.
 */
export function renderOnboardingBody(i: OnboardingBodyInput): string {
  const head = [
    ONBOARDING_MARKER,
    '## Set up UET on this repository',
    '',
    `UET ran its bootstrap on ${code(i.defaultBranch, 100)} and proposes the files below. Nothing runs until you merge this PR and create the workflow.`,
    '',
    ...i.files.map((f) => `- ${code(f.path, 120)}: ${f.what}`),
    '',
    i.files.some((f) => f.path === BASELINE_BUNDLE_PATH)
      ? '**Next**: 1. create the workflow (below); 2. merge this PR; 3. comment `/uet run` on a pull request: it runs the baseline (the project’s checks, no AI tool). `/uet plan` shows the plan first. Comment `/uet bootstrap` to regenerate this PR.'
      : '**Next**: 1. create the workflow (below); 2. merge this PR; 3. UET found no check it can run, so there is no bundle yet: write one ([docs/first-bundle.md](https://github.com/uet-dev/uet/blob/main/docs/first-bundle.md)) and name it in `.github/uet.yml`. Comment `/uet bootstrap` to regenerate this PR.',
  ].join('\n');
  const warnings = warningsSection(i);
  return fitBody([
    head,
    workflowSection(i),
    foundSection(i),
    provenanceSection(i),
    ...(warnings ? [warnings] : []),
  ]);
}

/** The onboarding PR's title. */
export const ONBOARDING_TITLE = 'Set up UET';

import type { Plan } from '../bundle/build-plan.js';
import { STEP_DEFAULTS } from '../bundle/defaults.js';
import type { WorkstreamBundle } from '../contracts/index.js';
import type { DocumentIssue } from '../errors.js';
import type { RunnerClass } from './events.js';
import type { RunState } from './state.js';

/** The class a node that names none runs on, when .github/uet.yml does not map `default` (GitHub's hosted runner). */
export const DEFAULT_RUNNER_CLASS = 'default';
export const HOSTED_RUNNER: RunnerClass = { labels: ['ubuntu-latest'] };
/** GitHub's limit for a job on a GitHub-hosted runner (6 hours); UET keeps every job under it. */
export const MAX_JOB_MINUTES = 360;
/** Minutes a job needs besides the node's own time: the machine, the checkout, the tool install, the artifacts. */
export const JOB_SETUP_MINUTES = 10;

/** A runner class as .github/uet.yml writes it: one label, labels, or a group with labels. */
export type RunnerClassSpec = string | readonly string[] | { readonly group: string; readonly labels?: readonly string[] };

export const toRunnerClass = (c: RunnerClassSpec): RunnerClass =>
  typeof c === 'string'
    ? { labels: [c] }
    : Array.isArray(c)
      ? { labels: [...(c as readonly string[])] }
      : { labels: [...((c as { labels?: readonly string[] }).labels ?? [])], group: (c as { group: string }).group };

/** Every runs_on of a bundle, with its JSON pointer. */
function runsOnOf(bundle: WorkstreamBundle): { name: string; pointer: string }[] {
  const out: { name: string; pointer: string }[] = [];
  if (bundle.runs_on !== undefined) out.push({ name: bundle.runs_on, pointer: '/runs_on' });
  bundle.workstreams.forEach((ws, wi) => {
    if (ws.runs_on !== undefined) out.push({ name: ws.runs_on, pointer: `/workstreams/${wi}/runs_on` });
    ws.steps.forEach((s, si) => {
      if (s.runs_on !== undefined) out.push({ name: s.runs_on, pointer: `/workstreams/${wi}/steps/${si}/runs_on` });
    });
  });
  return out;
}

/**
 * The runner classes a run records (ADR 0026): each class the bundle names, which must be one .github/uet.yml maps
 * under `runners` (an unknown class, or a raw label such as `self-hosted`, is refused with its JSON pointer: a bundle
 * cannot pick a runner on its own), plus `default` when the configuration maps it. Pure.
 */
export function resolveRunnerClasses(
  bundle: WorkstreamBundle,
  configured: Readonly<Record<string, RunnerClassSpec>>,
): { ok: true; runners: Record<string, RunnerClass> } | { ok: false; issues: DocumentIssue[] } {
  const known = Object.keys(configured);
  const issues: DocumentIssue[] = [];
  const runners: Record<string, RunnerClass> = {};
  for (const { name, pointer } of runsOnOf(bundle)) {
    const spec = Object.hasOwn(configured, name) ? configured[name] : undefined;
    if (spec === undefined)
      issues.push({
        pointer,
        message: `runner class "${name}" is not in .github/uet.yml runners (${known.length ? `known: ${known.join(', ')}` : 'none is configured'}); a bundle may only name a configured class`,
      });
    else runners[name] = toRunnerClass(spec);
  }
  if (issues.length) return { ok: false, issues };
  const fallback = Object.hasOwn(configured, DEFAULT_RUNNER_CLASS) ? configured[DEFAULT_RUNNER_CLASS] : undefined;
  if (fallback !== undefined) runners[DEFAULT_RUNNER_CLASS] = toRunnerClass(fallback);
  return { ok: true, runners };
}

/** The class a plan node runs on: its step's runs_on, else its workstream's, else the bundle's, else `default`. */
export function runnerClassOf(plan: Plan, nodeId: string): string {
  const node = plan.nodes.get(nodeId);
  const ws = node?.wsId !== null && node?.wsId !== undefined ? plan.workstreams.get(node.wsId) : undefined;
  return node?.step?.runs_on ?? ws?.runs_on ?? plan.bundle.runs_on ?? DEFAULT_RUNNER_CLASS;
}

/** The dispatch's `runner` input: where the node's jobs run and for how long (the workflow reads it with fromJSON). */
export interface RunnerInput {
  readonly class: string;
  /** `runs-on` as GitHub takes it: one label, labels, or `{ group, labels }`. */
  readonly runs_on: string | string[] | { group: string; labels?: string[] };
  readonly timeout_minutes: number;
}

/** The node's own time limit in seconds: the tool attempt plus its validation, or the gate's command. */
function nodeSeconds(state: RunState, nodeId: string): number {
  const node = state.plan.nodes.get(nodeId);
  if (!node) return STEP_DEFAULTS.timeout_seconds;
  if (node.gate) return node.gate.timeout_seconds;
  const breaker = node.wsId !== null ? state.plan.workstreams.get(node.wsId)?.circuit_breaker?.timeout_seconds : undefined;
  const attempt = node.step?.timeout_seconds ?? breaker ?? STEP_DEFAULTS.timeout_seconds;
  const validation = node.step?.validation ? (node.step.validation.timeout_seconds ?? STEP_DEFAULTS.validation_timeout_seconds) : 0;
  return attempt + validation;
}

/**
 * The `runner` input of a node attempt's dispatch, from the run's log and the time (ADR 0026): the node's class as
 * the run recorded it (GitHub's hosted `ubuntu-latest` for `default` when not configured), and a job timeout of the
 * node's own limit plus setup, cut to what is left of the step's deadline (from its first start) and the run's, at
 * least 1 and at most 360 minutes. The app and a runner's chained dispatch compute it alike. Pure.
 */
export function runnerInputOf(state: RunState, nodeId: string, now: number): RunnerInput {
  const name = runnerClassOf(state.plan, nodeId);
  const cls = state.options.runners?.[name] ?? HOSTED_RUNNER;
  const runsOn: RunnerInput['runs_on'] =
    cls.group !== undefined
      ? { group: cls.group, ...(cls.labels.length ? { labels: [...cls.labels] } : {}) }
      : cls.labels.length === 1
        ? cls.labels[0]!
        : [...cls.labels];
  let minutes = Math.ceil(nodeSeconds(state, nodeId) / 60) + JOB_SETUP_MINUTES;
  const step = state.plan.nodes.get(nodeId)?.step;
  const limits: number[] = [];
  if (step?.deadline_seconds !== undefined)
    limits.push((state.nodes.get(nodeId)?.firstStartedAt ?? now) + step.deadline_seconds * 1000);
  if (state.options.deadline_at !== undefined) limits.push(Date.parse(state.options.deadline_at));
  for (const until of limits) minutes = Math.min(minutes, Math.ceil(Math.max(0, until - now) / 60_000) + JOB_SETUP_MINUTES);
  return { class: name, runs_on: runsOn, timeout_minutes: Math.max(1, Math.min(MAX_JOB_MINUTES, minutes)) };
}

/** The longest job a node may get: its own limit plus setup, within GitHub's 360 minutes (deadlines only shorten it). */
export function maxJobMinutesOf(state: RunState, nodeId: string): number {
  return Math.max(1, Math.min(MAX_JOB_MINUTES, Math.ceil(nodeSeconds(state, nodeId) / 60) + JOB_SETUP_MINUTES));
}

const canonical = (v: RunnerInput['runs_on']): string =>
  typeof v === 'string'
    ? JSON.stringify([v])
    : Array.isArray(v)
      ? JSON.stringify(v)
      : JSON.stringify({ group: v.group, labels: v.labels ?? [] });

/**
 * Why a dispatch's `runner` input is not the one the run's ledger gives the node (ADR 0026), or undefined when it is:
 * its class must be the node's recorded class, its runs_on exactly that class's labels (or group), and its timeout at
 * most the node's longest job. A forged input (a privileged label, a class the bundle did not name) is refused by
 * the job before it checks anything out, as a forged `tool` input is (ADR 0016). Pure.
 */
export function checkRunnerInput(state: RunState, nodeId: string, dispatched: RunnerInput): string | undefined {
  const expected = runnerInputOf(state, nodeId, 0);
  if (dispatched.class !== expected.class)
    return `the dispatch's runner class is "${dispatched.class}", but the run's ledger gives ${nodeId} the class "${expected.class}"`;
  if (canonical(dispatched.runs_on) !== canonical(expected.runs_on))
    return `the dispatch's runs_on is ${JSON.stringify(dispatched.runs_on)}, but class "${expected.class}" is ${JSON.stringify(expected.runs_on)} in the run's ledger`;
  const max = maxJobMinutesOf(state, nodeId);
  if (!Number.isInteger(dispatched.timeout_minutes) || dispatched.timeout_minutes < 1 || dispatched.timeout_minutes > max)
    return `the dispatch's timeout_minutes is ${dispatched.timeout_minutes}, but ${nodeId} may take at most ${max}`;
  return undefined;
}

const isLabels = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');

/** Reads a dispatch's `runner` input (JSON {class, runs_on, timeout_minutes}); a message for anything else. Pure. */
export function parseRunnerInput(text: string): { ok: true; value: RunnerInput } | { ok: false; message: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, message: 'not JSON' };
  }
  const o = (v !== null && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  const r = o.runs_on as Record<string, unknown> | undefined;
  const runsOnOk =
    typeof r === 'string' ||
    isLabels(r) ||
    (r !== null && typeof r === 'object' && typeof r.group === 'string' && (r.labels === undefined || isLabels(r.labels)) && Object.keys(r).every((k) => k === 'group' || k === 'labels'));
  if (typeof o.class !== 'string' || !runsOnOk || typeof o.timeout_minutes !== 'number' || Object.keys(o).length !== 3)
    return { ok: false, message: 'expected {"class": <name>, "runs_on": <label, labels or {group, labels}>, "timeout_minutes": <n>}' };
  return { ok: true, value: { class: o.class, runs_on: o.runs_on as RunnerInput['runs_on'], timeout_minutes: o.timeout_minutes } };
}

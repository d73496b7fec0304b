import picomatch from 'picomatch';
import type { DocumentIssue } from '../errors.js';
import type { Constraints, PhaseSpec, ProfileExtension, TaskSpec } from './types.generated.js';

/** Maxima: a narrower block has the same or a smaller value. */
const MAX_FIELDS = ['max_lines_changed', 'max_files_changed', 'max_line_length'] as const;
/** Flags that restrict when true: once on, a narrower block keeps them on. */
const RESTRICTING_FLAGS = [
  'patch_only',
  'tests_must_pass',
  'ascii_only',
  'require_approval',
  'backwards_compatible',
] as const;
/** Flags that permit when true: once off, a narrower block keeps them off. */
const PERMITTING_FLAGS = ['allow_binary', 'allow_deletions'] as const;

type Classified =
  | (typeof MAX_FIELDS)[number]
  | (typeof RESTRICTING_FLAGS)[number]
  | (typeof PERMITTING_FLAGS)[number]
  | 'forbidden_paths'
  | 'allowed_paths';
type AssertNever<T extends never> = T;
// A constraint added to schema/defs.v1.json must be classified here, or this stops compiling.
type _EveryConstraintClassified = AssertNever<Exclude<keyof Constraints, Classified>>;

/** A conflict between two constraint blocks that narrowing cannot resolve. */
export interface ConstraintConflict extends DocumentIssue {
  /** The two sources, as given to narrowConstraints. */
  readonly sources: readonly [string, string];
}

export type NarrowResult =
  { ok: true; constraints: Constraints } | { ok: false; conflicts: ConstraintConflict[] };

const matchers = new Map<string, (path: string) => boolean>();
function matches(glob: string, path: string): boolean {
  let m = matchers.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true });
    matchers.set(glob, m);
  }
  return m(path);
}

/**
 * Whether every path `inner` matches is also matched by `outer`. A conservative approximation: the inner glob's
 * text is matched as a path, and a recursive inner glob is only covered by a recursive outer one.
 */
function globCovers(outer: string, inner: string): boolean {
  if (outer === inner || outer === '**') return true;
  if (inner.includes('**') && !outer.includes('**')) return false;
  return matches(outer, inner);
}

const coveredByAny = (globs: readonly string[], inner: string) => globs.some((g) => globCovers(g, inner));
const list = (globs: readonly string[]) => globs.map((g) => JSON.stringify(g)).join(', ');

/** The intersection of two globs, when it is expressible as one glob; undefined when it is empty or unknown. */
function intersectGlobs(x: string, y: string): string | undefined {
  if (globCovers(x, y)) return y;
  if (globCovers(y, x)) return x;
  if (x.endsWith('/**') && y.startsWith('**/')) return `${x.slice(0, -3)}/${y}`;
  if (y.endsWith('/**') && x.startsWith('**/')) return `${y.slice(0, -3)}/${x}`;
  return undefined;
}

/**
 * Merges two constraint blocks by narrowing only: the smaller of two maxima, true wins for restricting flags,
 * false wins for permitting ones, the union of forbidden_paths and the intersection of allowed_paths. Fails with
 * conflicts naming both sources when the result would allow nothing (allowed_paths that do not intersect, or
 * that are all forbidden).
 */
export function narrowConstraints(
  a: Constraints,
  b: Constraints,
  sources: readonly [string, string],
): NarrowResult {
  const out: Constraints = {};
  for (const f of MAX_FIELDS) {
    const values = [a[f], b[f]].filter((v): v is number => v !== undefined);
    if (values.length) out[f] = Math.min(...values);
  }
  for (const f of RESTRICTING_FLAGS) {
    if (a[f] !== undefined || b[f] !== undefined) out[f] = a[f] === true || b[f] === true;
  }
  for (const f of PERMITTING_FLAGS) {
    if (a[f] !== undefined || b[f] !== undefined) out[f] = a[f] !== false && b[f] !== false;
  }
  if (a.forbidden_paths || b.forbidden_paths) {
    out.forbidden_paths = [...new Set([...(a.forbidden_paths ?? []), ...(b.forbidden_paths ?? [])])];
  }
  const conflicts: ConstraintConflict[] = [];
  const [allowedA, allowedB] = [a.allowed_paths, b.allowed_paths];
  if (allowedA && allowedB) {
    const both = allowedA.flatMap((x) => allowedB.map((y) => intersectGlobs(x, y)));
    const allowed = [...new Set(both.filter((g): g is string => g !== undefined))];
    if (allowed.length) out.allowed_paths = allowed;
    else
      conflicts.push({
        pointer: '/allowed_paths',
        message: `allowed_paths do not intersect: ${sources[0]} allows ${list(allowedA)} and ${sources[1]} allows ${list(allowedB)}`,
        sources,
      });
  } else if (allowedA ?? allowedB) {
    out.allowed_paths = [...(allowedA ?? allowedB ?? [])];
  }
  const forbidden = out.forbidden_paths ?? [];
  if (out.allowed_paths && out.allowed_paths.every((g) => coveredByAny(forbidden, g))) {
    const from = (c: Constraints, name: string) => {
      const parts = [
        c.allowed_paths && `allows ${list(c.allowed_paths)}`,
        c.forbidden_paths?.length && `forbids ${list(c.forbidden_paths)}`,
      ];
      return `${name} ${parts.filter(Boolean).join(' and ') || 'states no paths'}`;
    };
    conflicts.push({
      pointer: '/allowed_paths',
      message: `every allowed path is forbidden: ${from(a, sources[0])}; ${from(b, sources[1])}`,
      sources,
    });
  }
  return conflicts.length ? { ok: false, conflicts } : { ok: true, constraints: out };
}

/**
 * What work under `inherited` and `own` must obey: both narrowed together, so that a relaxation (reported on its
 * own) does not hide the ones below it. When they cannot be narrowed, `own` over `inherited`.
 */
function effectiveConstraints(
  inherited: Constraints,
  own: Constraints | undefined,
  sources: readonly [string, string],
) {
  if (!own) return inherited;
  const narrowed = narrowConstraints(inherited, own, sources);
  return narrowed.ok ? narrowed.constraints : { ...inherited, ...own };
}

/** Issues for every field of `own` that is looser than the same field of `ceiling`. */
function findRelaxations(
  own: Constraints,
  ceiling: Constraints,
  at: string,
  ceilingName: string,
): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  for (const f of MAX_FIELDS) {
    const [mine, max] = [own[f], ceiling[f]];
    if (mine !== undefined && max !== undefined && mine > max)
      issues.push({
        pointer: `${at}/${f}`,
        message: `${f} ${mine} exceeds ${max}, the maximum of ${ceilingName}`,
      });
  }
  for (const f of RESTRICTING_FLAGS) {
    if (ceiling[f] === true && own[f] === false)
      issues.push({ pointer: `${at}/${f}`, message: `${f} is false but ${ceilingName} requires true` });
  }
  for (const f of PERMITTING_FLAGS) {
    if (ceiling[f] === false && own[f] === true)
      issues.push({ pointer: `${at}/${f}`, message: `${f} is true but ${ceilingName} sets it to false` });
  }
  const ownForbidden = own.forbidden_paths;
  if (ownForbidden) {
    const dropped = (ceiling.forbidden_paths ?? []).filter((g) => !coveredByAny(ownForbidden, g));
    if (dropped.length)
      issues.push({
        pointer: `${at}/forbidden_paths`,
        message: `drops ${list(dropped)}, forbidden by ${ceilingName}`,
      });
  }
  const maxAllowed = ceiling.allowed_paths;
  if (maxAllowed) {
    (own.allowed_paths ?? []).forEach((g, i) => {
      if (!coveredByAny(maxAllowed, g))
        issues.push({
          pointer: `${at}/allowed_paths/${i}`,
          message: `${JSON.stringify(g)} lies outside ${list(maxAllowed)}, the paths ${ceilingName} allows`,
        });
    });
  }
  return issues;
}

/** Issues for globs (resource scope entries) that reach forbidden paths or leave the allowed ones. */
function findScopeEscapes(
  globs: readonly string[] | undefined,
  at: string,
  limits: Constraints,
): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  (globs ?? []).forEach((g, i) => {
    const forbidden = (limits.forbidden_paths ?? []).find((f) => globCovers(f, g));
    if (forbidden !== undefined)
      issues.push({
        pointer: `${at}/${i}`,
        message: `${JSON.stringify(g)} is inside the forbidden path ${JSON.stringify(forbidden)}`,
      });
    else if (limits.allowed_paths && !coveredByAny(limits.allowed_paths, g))
      issues.push({
        pointer: `${at}/${i}`,
        message: `${JSON.stringify(g)} lies outside the allowed paths ${list(limits.allowed_paths)}`,
      });
  });
  return issues;
}

function checkTask(task: TaskSpec, phase: PhaseSpec, inherited: Constraints, at: string): DocumentIssue[] {
  const issues = task.constraint_delta
    ? findRelaxations(task.constraint_delta, inherited, `${at}/constraint_delta`, `phase ${phase.phase_id}`)
    : [];
  const limits = effectiveConstraints(inherited, task.constraint_delta, [
    `phase ${phase.phase_id}`,
    `task ${task.task_id}`,
  ]);
  const forbidden = [
    ...(limits.forbidden_paths ?? []),
    ...(phase.resource_scope?.forbidden ?? []),
    ...(task.resource_delta?.forbidden ?? []),
  ];
  const fileLimits: Constraints = { ...limits, forbidden_paths: forbidden };
  issues.push(...findScopeEscapes(task.files, `${at}/files`, fileLimits));
  issues.push(...findScopeEscapes(task.create_files, `${at}/create_files`, fileLimits));
  const scope = phase.resource_scope ?? {};
  for (const key of ['read', 'write', 'create'] as const) {
    const outer = scope[key];
    if (!outer) continue;
    (task.resource_delta?.[key] ?? []).forEach((g, i) => {
      if (!coveredByAny(outer, g))
        issues.push({
          pointer: `${at}/resource_delta/${key}/${i}`,
          message: `${JSON.stringify(g)} widens the phase's resource_scope.${key} (${list(outer)}); a resource_delta may only narrow it`,
        });
    });
  }
  (task.create_files ?? []).forEach((f, i) => {
    if (scope.create && !scope.create.some((g) => matches(g, f)))
      issues.push({
        pointer: `${at}/create_files/${i}`,
        message: `${JSON.stringify(f)} is outside the phase's resource_scope.create (${list(scope.create)})`,
      });
  });
  return issues;
}

/**
 * Every place where a phase relaxes its profile's constraints, located by JSON pointer into the phase: a larger
 * maximum, a restricting flag turned off, a permitting flag turned on, a dropped forbidden path, allowed paths or
 * a resource scope reaching outside the profile's, and the same for each inline task's constraint_delta and
 * resource_delta against the phase, plus task files inside forbidden paths. Workstreams given only by reference
 * (workstream_refs, task_refs) are not checked: resolve them first. Pure; an empty list means the phase is within
 * its profile.
 */
export function checkPhaseConstraints(phase: PhaseSpec, profile: ProfileExtension): DocumentIssue[] {
  const ceiling = profile.adds_constraints;
  const issues = phase.constraints
    ? findRelaxations(phase.constraints, ceiling, '/constraints', `profile ${profile.profile_id}`)
    : [];
  const effective = effectiveConstraints(ceiling, phase.constraints, [
    `profile ${profile.profile_id}`,
    `phase ${phase.phase_id}`,
  ]);
  issues.push(...findScopeEscapes(phase.resource_scope?.write, '/resource_scope/write', effective));
  issues.push(...findScopeEscapes(phase.resource_scope?.create, '/resource_scope/create', effective));
  (phase.workstreams ?? []).forEach((ws, i) =>
    (ws.tasks ?? []).forEach((task, j) =>
      issues.push(...checkTask(task, phase, effective, `/workstreams/${i}/tasks/${j}`)),
    ),
  );
  return issues;
}

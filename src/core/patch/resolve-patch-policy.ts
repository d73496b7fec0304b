import { narrowConstraints } from '../contracts/check-phase-constraints.js';
import type { Constraints, PatchOscillationPolicy, PatchPolicyConstraints } from '../contracts/index.js';
import { PATCH_POLICY_DEFAULTS, stricterTests, TESTS_RANK, type EffectivePatchPolicy } from './patch-policy.js';

/** From the broadest: UET's defaults, the repository owner's (.github/uet.yml), the bundle's, a workstream's, a step's. */
export type PolicyScope = 'global' | 'repository' | 'project' | 'phase' | 'step' | 'doc';

/** One scope's policy, as found in a patch_policy document or a bundle's `patch_policy` blocks. */
export interface PolicySource {
  readonly scope: PolicyScope;
  /** For messages, such as "workstream WS-A" or "policy python-core". */
  readonly name: string;
  readonly constraints?: PatchPolicyConstraints;
  readonly oscillation?: PatchOscillationPolicy;
}

/** A field a narrower scope tried to relax: reported, and ignored for that field. */
export interface PolicyRelaxation {
  readonly source: string;
  readonly field: string;
  readonly message: string;
}

export interface ResolvedPatchPolicy {
  readonly policy: EffectivePatchPolicy;
  readonly relaxations: readonly PolicyRelaxation[];
}

const SCOPE_ORDER: Readonly<Record<PolicyScope, number>> = { global: 0, repository: 1, project: 2, phase: 3, step: 4, doc: 5 };
const SHARED = ['max_lines_changed', 'max_files_changed', 'max_line_length', 'forbidden_paths', 'allowed_paths', 'ascii_only', 'allow_binary', 'allow_deletions', 'patch_only'] as const;

const shared = (c: PatchPolicyConstraints): Constraints =>
  Object.fromEntries(SHARED.filter((f) => c[f] !== undefined).map((f) => [f, c[f]]));

/** Relaxations of `own` against `acc` in the fields shared with the constraints block, given their narrowing. */
function sharedRelaxations(acc: Constraints, own: Constraints, narrowed: Constraints, source: string): PolicyRelaxation[] {
  const out: PolicyRelaxation[] = [];
  const add = (field: string, message: string) => out.push({ source, field, message: `${source}: ${message}; ignored` });
  for (const f of ['max_lines_changed', 'max_files_changed', 'max_line_length'] as const) {
    const [a, o] = [acc[f], own[f]];
    if (a !== undefined && o !== undefined && o > a) add(f, `${f} ${o} exceeds ${a}, set by a broader scope`);
  }
  for (const f of ['ascii_only', 'patch_only'] as const) if (acc[f] === true && own[f] === false) add(f, `${f} is false but a broader scope requires true`);
  for (const f of ['allow_binary', 'allow_deletions'] as const) if (acc[f] === false && own[f] === true) add(f, `${f} is true but a broader scope sets false`);
  if (acc.allowed_paths && own.allowed_paths) {
    const kept = new Set(narrowed.allowed_paths ?? []);
    for (const g of own.allowed_paths)
      if (!kept.has(g)) add('allowed_paths', `allowed path ${JSON.stringify(g)} is not within the broader scope's ${JSON.stringify(acc.allowed_paths)}`);
  }
  return out;
}

/**
 * Resolves scoped policies, broadest first (global, repository, project, phase, step, doc), into the policy a patch is
 * checked against. A narrower scope may only tighten (narrowConstraints semantics for the shared fields: the
 * smaller maximum, forbidden paths united, allowed paths intersected, restricting flags stay on, permitting ones
 * stay off; the stricter tests_required; the smaller max_file_bytes and oscillation threshold; the run window over
 * chain). Each attempt to relax is reported and ignored for that field. The first scope that sets
 * test_path_patterns or test_command defines it; narrower scopes may only drop patterns. Unset fields get the
 * documented global defaults.
 */
export function resolvePatchPolicy(sources: readonly PolicySource[]): ResolvedPatchPolicy {
  const ordered = [...sources].sort((a, b) => SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope]);
  const relaxations: PolicyRelaxation[] = [];
  let acc: Constraints = {};
  let accName = 'defaults';
  const own: PatchPolicyConstraints = {};
  let osc: PatchOscillationPolicy = {};
  let nothingAllowed = false;
  for (const s of ordered) {
    const c = s.constraints ?? {};
    const mine = shared(c);
    const narrowed = narrowConstraints(acc, mine, [accName, s.name]);
    if (narrowed.ok) {
      relaxations.push(...sharedRelaxations(acc, mine, narrowed.constraints, s.name));
      acc = narrowed.constraints;
    } else {
      for (const conflict of narrowed.conflicts) relaxations.push({ source: s.name, field: 'allowed_paths', message: `${conflict.message}; nothing is allowed` });
      nothingAllowed = true;
      const { allowed_paths: _accAllowed, ...accRest } = acc;
      const { allowed_paths: _ownAllowed, ...ownRest } = mine;
      const rest = narrowConstraints(accRest, ownRest, [accName, s.name]);
      if (rest.ok) acc = rest.constraints;
    }
    accName = s.name;
    const relax = (field: string, message: string) => relaxations.push({ source: s.name, field, message: `${s.name}: ${message}; ignored` });
    if (c.max_file_bytes !== undefined) {
      if (own.max_file_bytes !== undefined && c.max_file_bytes > own.max_file_bytes) relax('max_file_bytes', `max_file_bytes ${c.max_file_bytes} exceeds ${own.max_file_bytes}`);
      own.max_file_bytes = Math.min(c.max_file_bytes, own.max_file_bytes ?? Infinity);
    }
    if (c.tests_required !== undefined) {
      if (own.tests_required !== undefined && TESTS_RANK[c.tests_required] < TESTS_RANK[own.tests_required]) relax('tests_required', `tests_required ${c.tests_required} is weaker than ${own.tests_required}`);
      own.tests_required = own.tests_required === undefined ? c.tests_required : stricterTests(own.tests_required, c.tests_required);
    }
    if (c.test_path_patterns !== undefined) {
      if (own.test_path_patterns === undefined) own.test_path_patterns = [...c.test_path_patterns];
      else {
        const added = c.test_path_patterns.filter((p) => !own.test_path_patterns!.includes(p));
        if (added.length) relax('test_path_patterns', `test_path_patterns adds ${JSON.stringify(added)}`);
        own.test_path_patterns = own.test_path_patterns.filter((p) => c.test_path_patterns!.includes(p));
      }
    }
    if (c.test_command !== undefined) {
      if (own.test_command === undefined) own.test_command = c.test_command;
      else if (own.test_command !== c.test_command) relax('test_command', `test_command ${JSON.stringify(c.test_command)} replaces ${JSON.stringify(own.test_command)}`);
    }
    const o = s.oscillation ?? {};
    if (o.enabled === false && osc.enabled === true) relax('oscillation.enabled', 'oscillation.enabled is false but a broader scope enables it');
    if (o.threshold !== undefined && osc.threshold !== undefined && o.threshold > osc.threshold) relax('oscillation.threshold', `oscillation.threshold ${o.threshold} exceeds ${osc.threshold}`);
    if (o.window === 'chain' && osc.window === 'run') relax('oscillation.window', 'oscillation.window chain is narrower than run');
    osc = {
      ...(o.enabled !== undefined || osc.enabled !== undefined ? { enabled: osc.enabled === true || o.enabled === true } : {}),
      ...(o.threshold !== undefined || osc.threshold !== undefined ? { threshold: Math.min(o.threshold ?? Infinity, osc.threshold ?? Infinity) } : {}),
      ...(o.window !== undefined || osc.window !== undefined ? { window: osc.window === 'run' || o.window === 'run' ? ('run' as const) : ('chain' as const) } : {}),
    };
  }
  const d = PATCH_POLICY_DEFAULTS;
  const policy: EffectivePatchPolicy = {
    ...(acc.max_lines_changed !== undefined ? { max_lines_changed: acc.max_lines_changed } : {}),
    ...(acc.max_files_changed !== undefined ? { max_files_changed: acc.max_files_changed } : {}),
    ...(acc.max_line_length !== undefined ? { max_line_length: acc.max_line_length } : {}),
    forbidden_paths: acc.forbidden_paths ?? d.forbidden_paths,
    ...(nothingAllowed ? { allowed_paths: [] } : acc.allowed_paths ? { allowed_paths: acc.allowed_paths } : {}),
    tests_required: own.tests_required ?? d.tests_required,
    test_path_patterns: own.test_path_patterns ?? d.test_path_patterns,
    ...(own.test_command !== undefined ? { test_command: own.test_command } : {}),
    ascii_only: acc.ascii_only ?? d.ascii_only,
    allow_binary: acc.allow_binary ?? d.allow_binary,
    allow_deletions: acc.allow_deletions ?? d.allow_deletions,
    max_file_bytes: own.max_file_bytes ?? d.max_file_bytes,
    patch_only: acc.patch_only ?? d.patch_only,
    oscillation: { ...d.oscillation, ...osc },
  };
  return { policy, relaxations };
}

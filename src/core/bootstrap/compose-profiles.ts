import { narrowConstraints, type ConstraintConflict } from '../contracts/check-phase-constraints.js';
import type { BootstrapDiscovery, Constraints, ProfileExtension, ProfileMapping } from '../contracts/index.js';

export type CompositionResult =
  | { ok: true; constraints: Constraints; mapped: ReadonlyMap<string, Constraints> }
  | { ok: false; conflicts: ConstraintConflict[] };

const DATA_DIRS = /^(models|dags|migrations|sql|macros|seeds|snapshots|queries)$/;

/**
 * The path-based composition: top-level directories whose role belongs to another profile than the primary one
 * are mapped to it (docs → documentation, infra → operations, dbt/Airflow folders → data-pipeline, and source
 * and tests → the code profile when documentation is primary). First match wins; the primary governs the rest.
 */
export function planComposition(discovery: BootstrapDiscovery, primary: string): ProfileMapping[] {
  const frameworks = new Set(discovery.frameworks.map((f) => f.name));
  const dataProject = ['dbt', 'airflow', 'dagster', 'prefect'].some((f) => frameworks.has(f));
  const codeProfile = discovery.languages_source_only[0]?.language === 'Python' ? 'software-dev-python' : 'generic';
  const out: ProfileMapping[] = [];
  for (const dir of discovery.structure.directories) {
    let profile: string | undefined;
    if (dataProject && DATA_DIRS.test(dir.path)) profile = 'data-pipeline';
    else if (dir.role === 'docs') profile = 'documentation';
    else if (dir.role === 'infra') profile = 'operations';
    else if ((dir.role === 'source' || dir.role === 'tests') && primary === 'documentation') profile = codeProfile;
    if (profile !== undefined && profile !== primary) out.push({ path_glob: `${dir.path}/**`, profile_id: profile });
  }
  return out;
}

/** Narrows every inferred constraint block into one, each named by its evidence. */
function narrowInferred(discovery: BootstrapDiscovery): { constraints: Constraints; name: string; conflicts: ConstraintConflict[] } {
  let constraints: Constraints = {};
  let name = 'the inferred constraints';
  const conflicts: ConstraintConflict[] = [];
  for (const block of discovery.inferred_constraints) {
    const source = `inferred from ${block.evidence.map((e) => e.file).join(', ')}`;
    const r = narrowConstraints(constraints, block.constraints, [name, source]);
    if (r.ok) constraints = r.constraints;
    else conflicts.push(...r.conflicts);
    name = 'the inferred constraints';
  }
  return { constraints, name, conflicts };
}

/**
 * The constraints of a composed project, merged by narrowing only (narrowConstraints): the primary profile's
 * narrowed with every inferred constraint (the project's global constraints), and for each mapping, the mapped
 * path narrowed with its profile's constraints and the inferred ones. A mapping whose path its profile does not
 * allow, or forbids entirely, cannot be narrowed: a conflict naming both sources.
 */
export function composeProfiles(
  primary: ProfileExtension,
  mappings: readonly ProfileMapping[],
  profiles: ReadonlyMap<string, ProfileExtension>,
  discovery: BootstrapDiscovery,
): CompositionResult {
  const inferred = narrowInferred(discovery);
  const conflicts = [...inferred.conflicts];
  const global = narrowConstraints(primary.adds_constraints, inferred.constraints, [`profile ${primary.profile_id}`, inferred.name]);
  if (!global.ok) conflicts.push(...global.conflicts);
  const mapped = new Map<string, Constraints>();
  for (const m of mappings) {
    const profile = profiles.get(m.profile_id);
    const mappingName = `mapping ${m.path_glob} -> ${m.profile_id}`;
    if (!profile) {
      conflicts.push({ pointer: '/composed_profiles', message: `${mappingName}: no profile ${m.profile_id}`, sources: [mappingName, `profile ${m.profile_id}`] });
      continue;
    }
    const scoped = narrowConstraints({ allowed_paths: [m.path_glob] }, profile.adds_constraints, [mappingName, `profile ${profile.profile_id}`]);
    if (!scoped.ok) {
      conflicts.push(...scoped.conflicts);
      continue;
    }
    const full = narrowConstraints(scoped.constraints, inferred.constraints, [mappingName, inferred.name]);
    if (full.ok) mapped.set(m.path_glob, full.constraints);
    else conflicts.push(...full.conflicts);
  }
  if (conflicts.length || !global.ok) return { ok: false, conflicts };
  return { ok: true, constraints: global.constraints, mapped };
}

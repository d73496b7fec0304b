import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedProfile } from '../../core/bootstrap/plan-artifacts.js';
import { validateDocument, type PhaseSpec, type ProfileExtension } from '../../core/contracts/index.js';
import { packageRoot } from '../package-root.js';
import { readDocument } from '../read-document.js';

/** uet's own profiles/. */
export const shippedProfilesDir = join(packageRoot, 'profiles');

export interface LoadProfilesOptions {
  /** The profiles whose phase templates are read (default: all); the others get none. */
  readonly templatesOf?: ReadonlySet<string>;
}

/** The phase templates of one profile, each checked against phase_spec. Throws a plain Error on a broken one. */
export async function loadTemplates(dir: string, id: string, profile: ProfileExtension): Promise<PhaseSpec[]> {
  const templates = [];
  for (const rel of profile.phase_templates ?? []) {
    const phase = validateDocument('phase_spec', await readDocument(join(dir, id, rel)));
    if (!phase.ok) throw new Error(`${join(dir, id, rel)} is not a valid phase_spec: ${phase.issues[0]?.message ?? ''}`);
    templates.push(phase.value);
  }
  return templates;
}

/**
 * Reads every profile under `dir` (default: the profiles shipped with uet) with its phase templates (or those
 * of `templatesOf` only), each checked against its contract. A broken profile is uet's own bug, so it throws a
 * plain Error.
 */
export async function loadProfiles(
  dir: string = shippedProfilesDir,
  options: LoadProfilesOptions = {},
): Promise<Map<string, LoadedProfile>> {
  const ids = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const out = new Map<string, LoadedProfile>();
  for (const id of ids) {
    const file = join(dir, id, 'profile.json');
    const profile = validateDocument('profile_extension', await readDocument(file));
    if (!profile.ok) throw new Error(`${file} is not a valid profile: ${profile.issues.map((i) => `${i.pointer} ${i.message}`).join('; ')}`);
    const templates = !options.templatesOf || options.templatesOf.has(id) ? await loadTemplates(dir, id, profile.value) : [];
    out.set(id, { profile: profile.value, templates });
  }
  return out;
}

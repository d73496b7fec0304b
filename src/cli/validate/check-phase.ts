import { checkPhaseConstraints } from '../../core/contracts/check-phase-constraints.js';
import { isContractName, validateDocument } from '../../core/contracts/index.js';
import type { DocumentIssue } from '../../core/errors.js';

type Phase = Parameters<typeof checkPhaseConstraints>[0];
type Profile = Parameters<typeof checkPhaseConstraints>[1];

/** A profile found for a phase: where it came from (for messages) and its parsed content. */
export interface ProfileSource {
  readonly path: string;
  readonly value: unknown;
}

export type ProfileFinder = (profileId: string) => Promise<ProfileSource | undefined>;

/** Checks that a schema-valid phase does not relax the constraints of the profile it names. */
export async function checkPhase(doc: unknown, findProfile: ProfileFinder): Promise<DocumentIssue[]> {
  const phase = doc as Phase;
  const id = phase.profile_id;
  const found = await findProfile(id);
  if (!found)
    return [
      {
        pointer: '/profile_id',
        message: `unknown profile "${id}": no profiles/${id}/profile.json beside the document or in uet's profiles/`,
      },
    ];
  const contract = 'profile_extension';
  const result = isContractName(contract) ? validateDocument(contract, found.value) : undefined;
  if (result && !result.ok) {
    const first = result.issues[0];
    const why = first ? `: ${first.pointer || '/'}: ${first.message}` : '';
    return [
      {
        pointer: '/profile_id',
        message: `profile "${id}" (${found.path}) is not a valid profile_extension${why}`,
      },
    ];
  }
  return checkPhaseConstraints(phase, found.value as Profile);
}

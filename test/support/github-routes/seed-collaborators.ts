import type { GitHubState } from './github-state.js';

/** Collaborators with every permission level (maintain reads as write, triage as read). */
export const COLLABORATORS = [
  ['alice', 'admin'],
  ['wendy', 'write'],
  ['mae', 'maintain'],
  ['rita', 'read'],
  ['tess', 'triage'],
] as const;

export function seedCollaborators(s: GitHubState): void {
  for (const [login, role] of COLLABORATORS) s.permissions.set(login, role);
}

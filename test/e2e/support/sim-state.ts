import { GitHubState } from '../../support/github-routes/index.js';
import type { BareRepo } from './bare-repo.js';

/** Everything the simulated GitHub holds besides git (issues, pull requests, checks and Actions), on a bare repo. */
export class SimState extends GitHubState {
  /** The `permissions:` of the job a runner token was made for (GitHub enforces them on the REST API). */
  readonly tokenPermissions = new Map<string, Record<string, string>>();

  constructor(readonly git: BareRepo) {
    super();
  }
}

import { join } from 'node:path';

/** The root of this repository (where dist/, action.yml and node_modules are). */
export const REPO_ROOT = join(import.meta.dirname, '../../..');

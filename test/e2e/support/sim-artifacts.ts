import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { assertArtifactFilePath, assertArtifactName } from '../../support/conformance/artifact-name.js';

/** The rules of actions/upload-artifact@v7 and download-artifact@v8 this store enforces, each with its source. */
export const ARTIFACT_RULES = {
  /** upload-artifact README, Limitations: "Within an individual job, there is a limit of 500 artifacts". */
  perJob: 500,
  /** upload-artifact README: retention-days, "Minimum 1 day. Maximum 90 days". */
  retentionDays: [1, 90] as const,
};

/** Files under `dir`, relative; hidden ones (a segment starting with `.`) are excluded, as upload-artifact v4.4+ does. */
function listFiles(dir: string, hidden: boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (!hidden && e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

/**
 * The artifacts of one workflow run, kept in a directory: upload and download with the rules of the real actions
 * (name and path validation, no second artifact of a name without overwrite, hidden files left out,
 * if-no-files-found, the per-job limit, retention bounds, a download of a name nobody uploaded fails). Not a copy of
 * a directory between jobs: each job sees only what was uploaded under the name it asks for.
 */
export class SimArtifacts {
  private readonly perJob = new Map<string, number>();

  constructor(private readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  /** actions/upload-artifact: throws with the action's message when it would fail the step. */
  upload(job: string, w: Record<string, string>, cwd: string): void {
    const name = w.name || 'artifact';
    assertArtifactName(name); // upload-artifact: name rules from @actions/artifact validateArtifactName
    const retention = w['retention-days'] ? Number(w['retention-days']) : undefined;
    if (retention !== undefined && !(retention >= ARTIFACT_RULES.retentionDays[0] && retention <= ARTIFACT_RULES.retentionDays[1]))
      throw new Error(`Invalid retention, min: 1 max: 90, got ${retention}`);
    const path = w.path!.startsWith('/') ? w.path! : join(cwd, w.path!);
    const files = existsSync(path) ? (statSync(path).isDirectory() ? listFiles(path, w['include-hidden-files'] === 'true') : ['']) : [];
    if (!files.length) {
      if ((w['if-no-files-found'] ?? 'warn') === 'error') throw new Error(`No files were found with the provided path: ${w.path}. No artifacts will be uploaded.`);
      return;
    }
    for (const f of files) if (f) assertArtifactFilePath(f); // @actions/artifact validateFilePath
    const count = (this.perJob.get(job) ?? 0) + 1;
    if (count > ARTIFACT_RULES.perJob) throw new Error(`Failed to CreateArtifact: a job may create at most ${ARTIFACT_RULES.perJob} artifacts`);
    const dest = join(this.root, name);
    if (existsSync(dest)) {
      if (w.overwrite !== 'true') throw new Error(`Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run`);
      throw new Error('overwrite deletes an artifact through the REST API (actions: write); the simulation does not model it');
    }
    this.perJob.set(job, count);
    mkdirSync(dest);
    for (const f of files) cpSync(f ? join(path, f) : path, join(dest, f || name));
  }

  /** actions/download-artifact by name into `path` (default the workspace). */
  download(w: Record<string, string>, cwd: string): void {
    if (!w.name) throw new Error('the simulated runner downloads artifacts by name only');
    const src = join(this.root, w.name);
    if (!existsSync(src)) throw new Error(`Unable to download artifact(s): Artifact not found for name: ${w.name}`);
    const path = !w.path ? cwd : w.path.startsWith('/') ? w.path : join(cwd, w.path);
    mkdirSync(path, { recursive: true });
    cpSync(src, path, { recursive: true });
  }

  names(): string[] {
    return readdirSync(this.root);
  }
}

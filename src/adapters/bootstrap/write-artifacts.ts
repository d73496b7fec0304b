import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describeChange, type ArtifactChange } from '../../core/bootstrap/describe-change.js';
import type { PlannedArtifact } from '../../core/bootstrap/plan-bootstrap.js';
import type { BootstrapArtifact } from '../../core/contracts/index.js';
import { InputError } from '../../core/errors.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function readCurrent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new InputError(path, `cannot read the existing file: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Compares each artifact with the file at its path under `top` and, when `write` is true, writes the valid ones
 * that are new or changed (parents created). Invalid artifacts are never written. Returns each artifact as the
 * report lists it (written, valid, sha256) and how it changes the file there.
 */
export async function writeArtifacts(
  top: string,
  artifacts: readonly PlannedArtifact[],
  write: boolean,
): Promise<{ artifacts: BootstrapArtifact[]; changes: Map<string, ArtifactChange> }> {
  const out: BootstrapArtifact[] = [];
  const changes = new Map<string, ArtifactChange>();
  for (const a of artifacts) {
    const file = join(top, a.path);
    const change = describeChange(await readCurrent(file), a.text);
    changes.set(a.path, change);
    const written = write && a.valid && change.state !== 'unchanged';
    if (written) {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, a.text);
    }
    out.push({ path: a.path, kind: a.kind, written, valid: a.valid, sha256: sha256(a.text) });
  }
  return { artifacts: out, changes };
}

import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeArtifacts } from '../../../src/adapters/bootstrap/write-artifacts.js';
import type { PlannedArtifact } from '../../../src/core/bootstrap/plan-bootstrap.js';
import { InputError } from '../../../src/core/errors.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-repo.js';

afterAll(removeTempDirs);

const artifact = (path: string, text = `${path}\n`): PlannedArtifact => ({ path, kind: 'phase_spec', text, valid: true });
const ARTIFACTS = [artifact('.uet/PROJECT_PROFILE.yaml'), artifact('.uet/router_config.json'), artifact('.uet/phases/PH-CORE-01.yaml'), artifact('.github/workflows/uet.yml')];
/** Every file under `dir`, relative, sorted. */
const filesUnder = async (dir: string) => (await readdir(dir, { recursive: true, withFileTypes: true })).filter((d) => !d.isDirectory()).map((d) => join(d.parentPath, d.name).slice(dir.length + 1)).sort();

describe('writeArtifacts: all or nothing', () => {
  it('a file where a directory must go: an InputError naming it, before anything is written', async () => {
    const top = await makeTempDir();
    await mkdir(join(top, '.uet'));
    await writeFile(join(top, '.uet/phases'), 'mine\n');
    const failure = writeArtifacts(top, ARTIFACTS, { write: true });
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow('.uet/phases/PH-CORE-01.yaml: cannot write: .uet/phases is a file, not a directory; move it away first');
    expect(await filesUnder(top)).toEqual(['.uet/phases']);
  });

  it('a directory where a file must go: an InputError, nothing written', async () => {
    const top = await makeTempDir();
    await mkdir(join(top, '.github/workflows/uet.yml'), { recursive: true });
    await expect(writeArtifacts(top, ARTIFACTS, { write: true })).rejects.toThrow('.github/workflows/uet.yml: cannot write: it is a directory, not a file');
    expect(await filesUnder(top)).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('a write that fails half way puts back what it wrote: old texts, no new files or directories', async () => {
    const top = await makeTempDir();
    await mkdir(join(top, '.uet'));
    await writeFile(join(top, '.uet/router_config.json'), 'edited by hand\n');
    // A directory nobody can create files in, not even root: the third artifact cannot be written.
    await symlink('/proc/self', join(top, '.uet/phases'));
    const failure = writeArtifacts(top, ARTIFACTS, { write: true, force: true }); // replaces the edited file first
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(/^\.uet\/phases\/PH-CORE-01\.yaml: cannot write: .*; nothing was written$/);
    expect(await filesUnder(top)).toEqual(['.uet/phases', '.uet/router_config.json']);
    expect(await readFile(join(top, '.uet/router_config.json'), 'utf8')).toBe('edited by hand\n');
  });

  it('writes every new or changed file, and nothing when they are the same', async () => {
    const top = await makeTempDir();
    const first = await writeArtifacts(top, ARTIFACTS, { write: true });
    expect(first.artifacts.map((a) => a.written)).toEqual([true, true, true, true]);
    expect(await filesUnder(top)).toEqual(['.github/workflows/uet.yml', '.uet/PROJECT_PROFILE.yaml', '.uet/phases/PH-CORE-01.yaml', '.uet/router_config.json']);
    const again = await writeArtifacts(top, ARTIFACTS, { write: true });
    expect(again.artifacts.map((a) => a.written)).toEqual([false, false, false, false]);
    expect([...again.changes.values()].map((c) => c.state)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });

  it('keeps a file that exists and differs (it may hold edits) unless forced, and says which', async () => {
    const top = await makeTempDir();
    await writeArtifacts(top, ARTIFACTS, { write: true });
    await writeFile(join(top, '.uet/router_config.json'), 'edited by hand\n');
    const kept = await writeArtifacts(top, ARTIFACTS, { write: true });
    expect(kept.kept).toEqual(['.uet/router_config.json']);
    expect(kept.artifacts.map((a) => a.written)).toEqual([false, false, false, false]);
    expect(kept.changes.get('.uet/router_config.json')?.state).toBe('changed');
    expect(await readFile(join(top, '.uet/router_config.json'), 'utf8')).toBe('edited by hand\n');
    const forced = await writeArtifacts(top, ARTIFACTS, { write: true, force: true });
    expect(forced.kept).toEqual([]);
    expect(forced.artifacts.map((a) => a.written)).toEqual([false, true, false, false]);
    expect(await readFile(join(top, '.uet/router_config.json'), 'utf8')).toBe('.uet/router_config.json\n');
  });

  it('a dry run keeps nothing and writes nothing', async () => {
    const top = await makeTempDir();
    const dry = await writeArtifacts(top, ARTIFACTS, { write: false });
    expect([dry.kept, dry.artifacts.map((a) => a.written), await filesUnder(top)]).toEqual([[], [false, false, false, false], []]);
  });
});

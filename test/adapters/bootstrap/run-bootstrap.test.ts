import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRepoSnapshot } from '../../../src/adapters/bootstrap/read-repo-snapshot.js';
import { runBootstrap } from '../../../src/adapters/bootstrap/run-bootstrap.js';
import type { LanguageScanner } from '../../../src/core/bootstrap/language-scanner.js';
import { validateDocument } from '../../../src/core/contracts/index.js';
import { InputError, UsageError } from '../../../src/core/errors.js';
import { createTempRepo, git, makeTempDir, removeTempDirs, writeFiles } from '../helpers/temp-repo.js';
import { AMBIGUOUS_REPO, ANSIBLE_REPO, DETECTABLE_DOCS_REPO, DOCS_REPO, PYTHON_REPO, TERRAFORM_REPO } from './repos.js';

afterAll(removeTempDirs);
const deps = { now: () => Date.UTC(2025, 10, 20), generator: { name: 'uet', version: '0.1.0' }, path: process.env.PATH };
const boot = (dir: string, extra: Partial<Parameters<typeof runBootstrap>[0]> = {}, more: Partial<Parameters<typeof runBootstrap>[1]> = {}) =>
  runBootstrap({ dir, cwd: '/', write: false, owner: 'uet-dev', ...extra }, { ...deps, ...more });

describe('runBootstrap on real repositories (the Linguist-compatible scanner)', () => {
  it.each([
    ['Python', PYTHON_REPO, 'ready', 'software-dev-python'],
    ['Terraform', TERRAFORM_REPO, 'ready', 'operations'],
    ['docs-only', DOCS_REPO, 'ready', 'documentation'],
    ['ambiguous', AMBIGUOUS_REPO, 'needs_human', undefined],
    ['Ansible (playbooks outweigh the Python Linguist counts)', ANSIBLE_REPO, 'ready', 'operations'],
    ['docs-only with linguist-detectable Markdown', DETECTABLE_DOCS_REPO, 'ready', 'documentation'],
  ])('%s repository', async (_, files, status, profile) => {
    const dir = await createTempRepo(files);
    const { report } = await boot(dir);
    expect(validateDocument('bootstrap_report', report)).toMatchObject({ ok: true });
    expect(report.status).toBe(status);
    if (profile) expect(report.profile_id).toBe(profile);
    else expect(report.profile_candidates?.length).toBeGreaterThan(1);
    expect(report.artifacts.every((a) => !a.written)).toBe(true);
  });

  it('finds the gates through the wrappers and fills them into the phases', async () => {
    const dir = await createTempRepo(PYTHON_REPO);
    const { report } = await boot(dir);
    const commands = report.discovery?.ci.workflows[0]?.commands.map((c) => [c.command, c.wrapped_by]);
    expect(commands).toEqual([['ruff check .', 'tox -e lint'], ['pytest -q', 'uv run pytest -q']]);
    expect(report.discovery?.languages[0]).toMatchObject({ language: 'Python' });
    expect(report.artifacts.map((a) => a.path)).toContain('.uet/phases/PH-BASELINE-01.yaml');
  });

  it('does not write when the profile needs a human, even with --write', async () => {
    const dir = await createTempRepo(AMBIGUOUS_REPO);
    const { report } = await boot(dir, { write: true });
    expect(report.status).toBe('needs_human');
    expect(report.artifacts.some((a) => a.written)).toBe(false);
    expect(report.next_steps.humans[0]).toContain(`uet bootstrap ${dir} --profile <id> --write`);
  });

  it('a crash of the scanner is a failed report, not an exception', async () => {
    const dir = await createTempRepo(PYTHON_REPO);
    const broken: LanguageScanner = () => Promise.reject(new Error('boom'));
    const { report } = await boot(dir, {}, { scanLanguages: broken });
    expect(report).toMatchObject({ status: 'failed', validation: { errors: [{ message: 'language detection failed: boom' }] } });
    expect(validateDocument('bootstrap_report', report)).toMatchObject({ ok: true });
    const multiLine: LanguageScanner = () => Promise.reject(new Error('git ls-tree failed (exit 128): fatal: no remote\n\nPlease check\nfatal: could not fetch'));
    const again = await boot(dir, {}, { scanLanguages: multiLine });
    expect(again.report.validation.errors[0]?.message).toBe('language detection failed: git ls-tree failed (exit 128): fatal: no remote Please check fatal: could not fetch');
  });
});

describe('bad input', () => {
  it('not a directory, not a git repository, an empty repository, an unknown --profile', async () => {
    await expect(boot('/nonexistent/uet-x')).rejects.toThrow(UsageError);
    const plain = await makeTempDir();
    await expect(boot(plain)).rejects.toThrow(/not a git repository/);
    const empty = await createTempRepo(null);
    await expect(boot(empty)).rejects.toThrow(InputError);
    await expect(boot(await createTempRepo(PYTHON_REPO), { profile: 'nope' })).rejects.toThrow(/unknown profile "nope"/);
  });

  it('says what is wrong with the directory: a file, a bare repository, a .git directory', async () => {
    const parent = await makeTempDir();
    await writeFiles(parent, { 'notes.txt': 'x\n' });
    await expect(boot('notes.txt', { cwd: parent })).rejects.toThrow(/^notes\.txt: not a directory/);
    const src = await createTempRepo(PYTHON_REPO);
    await git(parent, 'clone', '-q', '--bare', src, 'repo.git');
    await expect(boot('repo.git', { cwd: parent })).rejects.toThrow(/^repo\.git: not a work tree \(a bare repository or a \.git directory\)/);
    await expect(boot('.git', { cwd: src })).rejects.toThrow(/^\.git: not a work tree/);
  });

  it('only untracked files: bad input naming the directory as given, and saying that untracked files do not count', async () => {
    const parent = await makeTempDir();
    await git(parent, 'init', '-q', 'fresh');
    await writeFiles(join(parent, 'fresh'), PYTHON_REPO);
    const failure = boot('fresh', { cwd: parent });
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(/^fresh: the repository is empty: nothing is committed or staged \(untracked files do not count/);
  });

  it('a repository whose path holds a newline, and the current directory given as an empty string', async () => {
    const parent = await makeTempDir();
    const src = await createTempRepo(PYTHON_REPO);
    await git(parent, 'clone', '-q', src, 'two\nlines');
    const { report } = await boot(join(parent, 'two\nlines'));
    expect(report).toMatchObject({ status: 'ready', profile_id: 'software-dev-python' });
    const here = await boot('', { cwd: src });
    expect(here.report).toMatchObject({ status: 'ready', discovery: { root: '.' } });
    expect(validateDocument('bootstrap_report', here.report)).toMatchObject({ ok: true });
  });

  it('a damaged repository (a corrupt index) is bad input naming the directory, on one line', async () => {
    const parent = await makeTempDir();
    const src = await createTempRepo(PYTHON_REPO);
    await git(parent, 'clone', '-q', src, 'damaged');
    await writeFiles(join(parent, 'damaged'), { '.git/index': 'garbage\n' });
    const failure = boot('damaged', { cwd: parent });
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(/^damaged: git cannot list the repository's files: git ls-files .*index file smaller than expected$/);
  });

  it('a file the detectors need that cannot be read is an InputError naming it', async () => {
    const dir = await createTempRepo(PYTHON_REPO);
    await rm(join(dir, 'tox.ini'));
    await mkdir(join(dir, 'tox.ini'));
    const files = (await git(dir, 'ls-files')).split('\n');
    await expect(readRepoSnapshot(dir, files)).rejects.toThrow(/tox.ini: cannot read: is a directory/);
  });

  it('an odd .gitattributes does not crash bootstrap', async () => {
    const dir = await createTempRepo({ ...PYTHON_REPO, '.gitattributes': '*.py linguist-language=\n[[[ odd\n  = =\n*.md -linguist-documentation\n' });
    await writeFiles(dir, {});
    const { report } = await boot(dir);
    expect(report.status).toBe('ready');
  });
});

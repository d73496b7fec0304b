import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateDocument } from '../../src/core/contracts/index.js';
import { createTempRepo, git, makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { PYTHON_REPO } from '../adapters/bootstrap/repos.js';
import { runUet } from './run-uet.js';

afterAll(removeTempDirs);
const env = { PATH: process.env.PATH ?? '' };
const uet = (args: string[], cwd?: string) => runUet(args, { env, ...(cwd ? { cwd } : {}) });
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

/** A repository whose only gate is a shell script, run through make by CI: its baseline phase needs no AI tool. */
const SHELL_REPO: Record<string, string> = {
  'scripts/check.sh': '#!/usr/bin/env bash\nset -e\ntest -f README.md\necho checks pass\n',
  Makefile: 'check:\n\tbash scripts/check.sh\n',
  'README.md': '# tool\n',
  '.github/workflows/ci.yml': 'on: push\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Lint\n        run: make check\n',
};

describe('uet bootstrap', () => {
  it('--json prints a bootstrap_report that satisfies its schema, with the discovery embedded', async () => {
    const dir = await createTempRepo(PYTHON_REPO);
    const r = await uet(['bootstrap', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(validateDocument('bootstrap_report', report)).toMatchObject({ ok: true });
    expect(report).toMatchObject({ status: 'ready', profile_id: 'software-dev-python', write: false });
    expect(report.discovery.languages[0]).toEqual({ language: 'Python', bytes: expect.any(Number), percent: 100 });
    expect(report.discovery.linguist_data_version).toBe('7.22.1');
  });

  it('prints a short readable summary: languages, profile and why, gates, what would be written', async () => {
    const dir = await createTempRepo(PYTHON_REPO);
    const r = await uet(['bootstrap', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Languages \(source only\): Python 100\.0%$/m);
    expect(r.stdout).toMatch(/^Profile: software-dev-python \(chosen, confidence 0\.\d+\)$/m);
    expect(r.stdout).toMatch(/^ {2}lint {6}ruff check \. {3}\(via tox -e lint\)$/m);
    expect(r.stdout).toContain('Would write (dry run; add --write):');
    expect(r.stdout).toContain('  + .uet/PROJECT_PROFILE.yaml (new, ');
    expect(r.stdout).toMatch(/^Status: ready$/m);
    expect(await git(dir, 'status', '--porcelain')).toBe('');
  });

  it('--write writes artifacts that `uet validate` accepts; a second run changes nothing', async () => {
    const dir = await createTempRepo(PYTHON_REPO);
    const r = await uet(['bootstrap', dir, '--write', '--json', '--owner', 'acme']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const written = report.artifacts.filter((a: { written: boolean }) => a.written).map((a: { path: string }) => a.path);
    expect(written).toEqual(expect.arrayContaining(['.uet/PROJECT_PROFILE.yaml', '.uet/router_config.json', '.uet/phases/PH-CORE-01.yaml', '.github/workflows/uet.yml']));
    expect(readFileSync(join(dir, '.github/workflows/uet.yml'), 'utf8')).toContain('uses: acme/uet@v1');
    const contracts = written.filter((p: string) => p.startsWith('.uet/'));
    const v = await uet(['validate', ...contracts], dir);
    expect(v.stdout.trim().split('\n')).toHaveLength(contracts.length);
    expect(v, v.stdout).toMatchObject({ code: 0 });
    const again = JSON.parse((await uet(['bootstrap', dir, '--write', '--json', '--owner', 'acme'])).stdout);
    expect(again.artifacts.every((a: { written: boolean }) => !a.written)).toBe(true);
  });

  it('`uet run` executes a generated phase like any bundle', async () => {
    const dir = await createTempRepo(SHELL_REPO);
    const b = await uet(['bootstrap', dir, '--write']);
    expect(b.code, b.stdout).toBe(0);
    const phase = readFileSync(join(dir, '.uet/phases/PH-BASELINE-01.yaml'), 'utf8');
    expect(phase).toContain('command: bash scripts/check.sh');
    const r = await uet(['run', '.uet/phases/PH-BASELINE-01.yaml', '--repo', dir, '--json'], dir);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    // The baseline phase is the project's checks as gates: no step, one gate that passed.
    expect(JSON.parse(r.stdout)).toMatchObject({ state: 'succeeded', counters: { steps_total: 0 }, gates: [{ passed: true, required: true, blocking: false }] });
  });

  it('--write keeps a file edited since (a warning says so); --write --force replaces it', async () => {
    const dir = await createTempRepo(PYTHON_REPO);
    expect((await uet(['bootstrap', dir, '--write'])).code).toBe(0);
    const workflow = join(dir, '.github/workflows/uet.yml');
    const edited = `${readFileSync(workflow, 'utf8')}# our own tweak\n`;
    writeFileSync(workflow, edited);
    const again = await uet(['bootstrap', dir, '--write', '--json']);
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.artifacts.find((a: { path: string }) => a.path === '.github/workflows/uet.yml')).toMatchObject({ written: false });
    expect(report.validation.warnings).toContainEqual({ path: '.github/workflows/uet.yml', pointer: '', message: expect.stringContaining('so it was kept') });
    expect(report.next_steps.humans[0]).toContain('--write --force');
    expect(readFileSync(workflow, 'utf8')).toBe(edited);
    const summary = await uet(['bootstrap', dir, '--write']);
    expect(summary.stdout).toContain('  ~ .github/workflows/uet.yml (changed: +0 -1 line, KEPT: it may hold edits; --force replaces it)\n      @@ -');
    // The difference itself, not only its size (issue 18 item 11): the edit that --force would drop.
    expect(summary.stdout).toContain('\n      -# our own tweak\n');
    const forced = await uet(['bootstrap', dir, '--write', '--force', '--json']);
    expect(JSON.parse(forced.stdout).artifacts.find((a: { path: string }) => a.path === '.github/workflows/uet.yml')).toMatchObject({ written: true });
    expect(readFileSync(workflow, 'utf8')).not.toContain('# our own tweak');
  });

  it('refuses bad input with exit 2 and one clear line', async () => {
    const plain = await makeTempDir('uet-plain-');
    const empty = await createTempRepo(null);
    const repo = await createTempRepo(PYTHON_REPO);
    const blocked = await createTempRepo(PYTHON_REPO);
    writeFileSync(join(blocked, '.uet'), 'notes\n');
    const cases: [string[], RegExp][] = [
      [['bootstrap', plain], /not a git repository/],
      [['bootstrap', empty], /the repository is empty/],
      [['bootstrap', join(plain, 'nope')], /no such directory/],
      [['bootstrap', join(repo, 'README.md')], /README\.md: not a directory/],
      [['bootstrap', join(repo, '.git')], /\.git: not a work tree \(a bare repository or a \.git directory\)/],
      [['bootstrap', blocked, '--write'], /^uet: \.uet\/PROJECT_PROFILE\.yaml: cannot write: \.uet is a file, not a directory; move it away first\n$/],
      [['bootstrap', repo, '--owner', 'bad/owner'], /--owner "bad\/owner" is not a GitHub user or organization name \(expected letters, digits and hyphens/],
      [['bootstrap', repo, '--profile', 'nope'], /unknown profile "nope" for --profile; known profiles: data-pipeline/],
      [['bootstrap', repo, '--force'], /--force goes with --write/],
    ];
    for (const [args, message] of cases) {
      const r = await uet(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      noStack(r.stderr);
    }
    expect(readFileSync(join(blocked, '.uet'), 'utf8')).toBe('notes\n');
    expect(await git(blocked, 'status', '--porcelain')).toBe('?? .uet');
  });

  it('a human can settle an ambiguous choice with --profile', async () => {
    const dir = await createTempRepo(PYTHON_REPO);
    const r = JSON.parse((await uet(['bootstrap', dir, '--json', '--profile', 'generic'])).stdout);
    expect(r).toMatchObject({ status: 'ready', profile_id: 'generic', profile_confidence: 1 });
  });
});

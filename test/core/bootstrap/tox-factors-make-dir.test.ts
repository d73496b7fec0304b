import { describe, expect, it } from 'vitest';
import { parseMakefile } from '../../../src/core/bootstrap/parse-makefile.js';
import { parseToxToml } from '../../../src/core/bootstrap/parse-tox-toml.js';
import { expandToxName, parseTox, toxEnvCommands } from '../../../src/core/bootstrap/parse-tox.js';
import { unwrapCommand, type WrapperContext } from '../../../src/core/bootstrap/unwrap-command.js';

const TOX = [
  '[tox]',
  'envlist = py{311,312}-{test,lint}, docs',
  '[testenv]',
  'commands =',
  '    test: pytest -q --junitxml=reports/{envname}.xml',
  '    lint: ruff check .',
  '    !lint-!docs: coverage report',
  '    py311,py312-types: mypy src',
  '[testenv:py{311,312}-types, typing]',
  'commands = mypy --strict src \\',
  '    --python-version 3.12',
  '[testenv:docs]',
  'commands = sphinx-build -W docs docs/_build',
].join('\n');

describe('tox: generative names and factor-conditional commands', () => {
  const tox = parseTox(TOX);
  it('expands generative names in envlist and section names (lists and ranges)', () => {
    expect(tox.envlist).toEqual(['py311-test', 'py311-lint', 'py312-test', 'py312-lint', 'docs']);
    expect([...tox.envs.keys()]).toEqual(['py311-types', 'py312-types', 'typing', 'docs']);
    expect(expandToxName('py3{8-10}')).toEqual(['py38', 'py39', 'py310']);
  });
  it('keeps a conditional line when its factors hold (any of a list, all of a-b, ! negates); substitutes {envname}', () => {
    expect(toxEnvCommands(tox, 'py311-test')?.commands).toEqual(['pytest -q --junitxml=reports/py311-test.xml', 'coverage report', 'mypy src']);
    expect(toxEnvCommands(tox, 'py312-test')?.commands).toEqual(['pytest -q --junitxml=reports/py312-test.xml', 'coverage report']);
    expect(toxEnvCommands(tox, 'py312-lint')?.commands).toEqual(['ruff check .']);
    expect(toxEnvCommands(tox, 'py311-types')?.commands).toEqual(['mypy --strict src --python-version 3.12']);
    expect(toxEnvCommands(tox, 'docs')?.commands).toEqual(['sphinx-build -W docs docs/_build']);
    expect(tox.base?.commands).toEqual(['coverage report']);
  });
  it('tox -e with a generated env unwraps to its resolved commands, with the line of its commands key', () => {
    const ctx: WrapperContext = { tox };
    expect(unwrapCommand('tox -e py312-lint,py312-test', ctx).map((u) => [u.command, u.from?.line])).toEqual([
      ['ruff check .', 4],
      ['pytest -q --junitxml=reports/py312-test.xml', 4],
      ['coverage report', 4],
    ]);
  });
});

describe('make -C dir and cd dir && make', () => {
  const ctx: WrapperContext = {
    make: parseMakefile('check:\n\t$(MAKE) -C api lint\n'),
    subMakefiles: new Map([
      ['api', parseMakefile('lint: types\n\truff check .\ntypes:\n\tmypy src\n')],
      ['api/docs', parseMakefile('html:\n\tsphinx-build . _build\n')],
    ]),
  };
  const run = (cmd: string) => unwrapCommand(cmd, ctx).map((u) => [u.command, u.from?.file, u.from?.line]);
  it('runs the recipe of dir/Makefile in dir, prerequisites first, in every spelling of the option', () => {
    const expected = [
      ['cd api && mypy src', 'api/Makefile', 3],
      ['cd api && ruff check .', 'api/Makefile', 1],
    ];
    expect(run('make -C api lint')).toEqual(expected);
    expect(run('make -Capi lint')).toEqual(expected);
    expect(run('make --directory=api lint')).toEqual(expected);
    expect(run('make --directory ./api/ -j 4 lint')).toEqual(expected);
    expect(run('cd api && make lint')).toEqual(expected);
  });
  it('nested -C is relative to the directory it runs in; a root recipe calling $(MAKE) -C is followed', () => {
    expect(run('make -C api -C docs html')).toEqual([['cd api/docs && sphinx-build . _build', 'api/docs/Makefile', 1]]);
    expect(run('make check')).toEqual([
      ['cd api && mypy src', 'api/Makefile', 3],
      ['cd api && ruff check .', 'api/Makefile', 1],
    ]);
  });
  it('an unknown directory, a parent directory or another makefile is left as written', () => {
    expect(run('make -C web lint')).toEqual([['make -C web lint', undefined, undefined]]);
    expect(run('make -C ../x lint')).toEqual([['make -C ../x lint', undefined, undefined]]);
    expect(run('make -f other.mk lint')).toEqual([['make -f other.mk lint', undefined, undefined]]);
  });
});

describe('tox in TOML: tox.toml and pyproject.toml [tool.tox]', () => {
  const PYPROJECT = [
    '[project]',
    'name = "x"',
    '[tool.tox]',
    'env_list = ["py3.12", "style", "typing"]',
    '[tool.tox.env_run_base]',
    'commands = [[',
    '    "pytest", "-v", "--basetemp={env_tmp_dir}",',
    '    {replace = "posargs", default = ["tests"], extend = true},',
    ']]',
    '[tool.tox.env.style]',
    'commands = [["pre-commit", "run", "--all-files"]]',
    '[tool.tox.env.typing]',
    'commands = [["mypy", "--python-version", "3.12"], ["pyright", { replace = "ref", of = ["x"] }]]',
  ].join('\n');

  it('reads env_list, env_run_base and env.<name>; posargs defaults kept, tox-only paths dropped', () => {
    const tox = parseToxToml(PYPROJECT, 'pyproject.toml')!;
    expect(tox.file).toBe('pyproject.toml');
    expect(tox.envlist).toEqual(['py3.12', 'style', 'typing']);
    expect(toxEnvCommands(tox, 'py3.12')).toEqual({ name: 'py3.12', line: 5, commands: ['pytest -v tests'] });
    expect(toxEnvCommands(tox, 'style')).toEqual({ name: 'style', line: 10, commands: ['pre-commit run --all-files'] });
    expect(toxEnvCommands(tox, 'typing')?.commands).toEqual(['mypy --python-version 3.12']);
  });

  it('unwraps tox run -e through it, with pyproject.toml as the evidence', () => {
    const ctx: WrapperContext = { tox: parseToxToml(PYPROJECT, 'pyproject.toml')! };
    expect(unwrapCommand('tox run -e typing', ctx).map((u) => [u.command, u.from])).toEqual([['mypy --python-version 3.12', { file: 'pyproject.toml', line: 12 }]]);
  });

  it('tox.toml at the root, legacy_tox_ini, and no configuration', () => {
    expect(parseToxToml('env_list = ["lint"]\n[env.lint]\ncommands = [["ruff", "check", "."]]\n', 'tox.toml')?.envs.get('lint')?.commands).toEqual(['ruff check .']);
    const legacy = parseToxToml('[tool.tox]\nlegacy_tox_ini = """\n[testenv:lint]\ncommands = ruff check .\n"""\n', 'pyproject.toml');
    expect(legacy?.envs.get('lint')?.commands).toEqual(['ruff check .']);
    expect(parseToxToml('[project]\nname = "x"\n', 'pyproject.toml')).toBeUndefined();
    expect(parseToxToml('[tool.tox\n', 'pyproject.toml')).toBeUndefined();
  });
});

describe('CI running a bare tox', () => {
  it('lists each unwrapped command once, though every env of the envlist runs it', async () => {
    const { buildDiscovery } = await import('../../../src/core/bootstrap/build-discovery.js');
    const { makeSnapshot } = await import('./make-snapshot.js');
    const { discovery } = buildDiscovery({
      root: '.',
      snapshot: makeSnapshot({
        'tox.ini': '[tox]\nenvlist = py{311,312,313}\n[testenv]\ncommands = pytest -q\n',
        '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: tox\n',
      }),
      languages: { languages: [], languages_source_only: [], totals: { files_scanned: 0, files_counted: 0, bytes_counted: 0 }, evidence: [] },
      generatedAt: '2025-11-20T10:00:00Z',
      generator: { name: 'uet', version: '0.1.0' },
    });
    expect(discovery.ci.workflows[0]?.commands.map((c) => [c.command, c.wrapped_by])).toEqual([['pytest -q', 'tox']]);
  });
});

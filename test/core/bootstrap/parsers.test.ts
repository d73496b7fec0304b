import { describe, expect, it } from 'vitest';
import { classifyCommand, commandWords } from '../../../src/core/bootstrap/classify-command.js';
import { parseIni } from '../../../src/core/bootstrap/parse-ini.js';
import { parseMakefile } from '../../../src/core/bootstrap/parse-makefile.js';
import { parseNoxfile } from '../../../src/core/bootstrap/parse-noxfile.js';
import { parseTox, toxEnvCommands } from '../../../src/core/bootstrap/parse-tox.js';
import { splitShellCommands } from '../../../src/core/bootstrap/split-shell-commands.js';

describe('parseIni', () => {
  it('reads sections, both separators, continuation lines and normalised keys', () => {
    const ini = parseIni('# c\n[flake8]\nmax_line_length = 88\nexclude:\n  .git,\n  build\n[tool:pytest]\naddopts = -q\n');
    expect(ini.get('flake8')?.get('max-line-length')).toEqual({ value: '88', line: 3 });
    expect(ini.get('flake8')?.get('exclude')?.value).toBe('\n.git,\nbuild');
    expect(ini.get('tool:pytest')?.get('addopts')?.value).toBe('-q');
  });
  it('ignores odd lines instead of throwing', () => {
    expect(() => parseIni('garbage\n[unclosed\n= no key\n')).not.toThrow();
  });
});

describe('parseMakefile', () => {
  const mk = parseMakefile('PY ?= python3\nSRC := src\n.PHONY: test lint\n\nall: lint test\n\nlint:\n\t@$(PY) -m ruff check $(SRC)\n\ntest: lint\n\t-pytest -q \\\n\t  tests\n%.o: %.c\n\tcc $<\n');
  it('finds targets, prerequisites and recipes with variables expanded and prefixes removed', () => {
    expect(mk.defaultGoal).toBe('all');
    expect(mk.targets.get('lint')?.recipe).toEqual(['python3 -m ruff check src']);
    expect(mk.targets.get('test')).toMatchObject({ prerequisites: ['lint'], recipe: ['pytest -q tests'] });
    expect(mk.targets.has('%.o')).toBe(false);
  });
});

describe('parseNoxfile', () => {
  it('finds sessions by function name or name= and their session.run commands', () => {
    const nox = parseNoxfile(`import nox\n\n@nox.session(python=["3.11"])\ndef tests(session):\n    session.install("-e", ".")\n    session.run("pytest", "-q", *session.posargs)\n\n@nox.session(name="lint")\ndef run_lint(session):\n    session.run("ruff", "check", ".", external=True)\n`);
    expect([...nox.keys()]).toEqual(['tests', 'lint']);
    expect(nox.get('tests')?.commands).toEqual(['pytest -q']);
    expect(nox.get('lint')?.commands).toEqual(['ruff check .']);
  });
});

describe('parseTox', () => {
  const tox = parseTox('[tox]\nenvlist = py311, lint\n[testenv]\ncommands = pytest {posargs:tests}\n[testenv:lint]\ncommands =\n    ruff check .\n    - ruff format --check .\n');
  it('reads envlist, the base environment and named ones with substitutions', () => {
    expect(tox.envlist).toEqual(['py311', 'lint']);
    expect(toxEnvCommands(tox, 'py311')?.commands).toEqual(['pytest tests']);
    expect(toxEnvCommands(tox, 'lint')?.commands).toEqual(['ruff check .', 'ruff format --check .']);
  });
});

describe('splitShellCommands', () => {
  it('joins continuations, splits lists, drops comments and housekeeping', () => {
    const script = 'set -euo pipefail\ncd app && npm ci\n# comment\npytest -q \\\n  tests # trailing\necho done; ruff check .\nfor i in 1 2; do pytest -x || exit 1; done\n';
    expect(splitShellCommands(script).map((c) => [c.command, c.lineIndex])).toEqual([
      ['npm ci', 1],
      ['pytest -q tests', 3],
      ['ruff check .', 5],
      ['pytest -x', 6],
    ]);
  });
});

describe('classifyCommand', () => {
  it.each([
    ['pytest -q', 'test'],
    ['python -m pytest tests', 'test'],
    ['uv run --frozen pytest', 'test'],
    ['go test ./...', 'test'],
    ['cargo test', 'test'],
    ['npm test', 'test'],
    ['ruff check .', 'lint'],
    ['black --check .', 'lint'],
    ['npx eslint .', 'lint'],
    ['terraform fmt -check', 'lint'],
    ['pre-commit run --all-files', 'lint'],
    ['mypy src', 'typecheck'],
    ['npx tsc --noEmit', 'typecheck'],
    ['npm run build', 'build'],
    ['python -m build', 'build'],
    ['pip install -e .', 'other'],
    ['black .', 'other'],
  ])('%s is %s', (cmd, kind) => expect(classifyCommand(cmd)).toBe(kind));
  it('judges npm scripts by name, then by their text', () => {
    expect(classifyCommand('npm run verify', { verify: 'vitest run' })).toBe('test');
    expect(classifyCommand('pnpm lint')).toBe('lint');
  });
  it('looks through env assignments, cd and launchers', () => {
    expect(commandWords('cd web && CI=1 npx --yes eslint src')).toEqual(['eslint', 'src']);
  });
});

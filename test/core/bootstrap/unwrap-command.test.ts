import { describe, expect, it } from 'vitest';
import { parsePrecommit } from '../../../src/core/bootstrap/detect-precommit.js';
import { parseMakefile } from '../../../src/core/bootstrap/parse-makefile.js';
import { parseNoxfile } from '../../../src/core/bootstrap/parse-noxfile.js';
import { parseTox } from '../../../src/core/bootstrap/parse-tox.js';
import { unwrapCommand, type WrapperContext } from '../../../src/core/bootstrap/unwrap-command.js';

const ctx: WrapperContext = {
  tox: parseTox('[tox]\nenvlist = py312\n[testenv]\ncommands = pytest -q {posargs}\n[testenv:lint]\ncommands = ruff check .\n[testenv:types]\ncommands = mypy src\n'),
  nox: parseNoxfile('@nox.session\ndef docs(session):\n    session.run("mkdocs", "build", "--strict")\n'),
  make: parseMakefile('check: lint test\nlint:\n\ttox -e lint\ntest:\n\tuv run pytest tests\n'),
  precommit: parsePrecommit('repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.5.0\n    hooks:\n      - id: ruff\n      - id: ruff-format\n  - repo: local\n    hooks:\n      - id: custom\n        name: custom\n        entry: ./scripts/check.sh\n        language: system\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v4\n    hooks:\n      - id: end-of-file-fixer\n'),
};
const run = (cmd: string) => unwrapCommand(cmd, ctx).map((u) => u.command);

describe('unwrapCommand', () => {
  it('tox -e X runs the env commands; a bare tox runs the envlist', () => {
    expect(run('tox -e lint,types')).toEqual(['ruff check .', 'mypy src']);
    expect(run('tox -elint')).toEqual(['ruff check .']);
    expect(run('tox')).toEqual(['pytest -q']);
    expect(unwrapCommand('tox -e lint', ctx)[0]?.from).toEqual({ file: 'tox.ini', line: 6 });
  });
  it('nox -s X runs the session commands', () => {
    expect(run('nox -s docs')).toEqual(['mkdocs build --strict']);
    expect(run('nox --session nope')).toEqual(['nox --session nope']);
  });
  it('make X runs prerequisites then the recipe, unwrapping nested wrappers', () => {
    expect(run('make check')).toEqual(['ruff check .', 'pytest tests']);
  });
  it('uv run, poetry run and friends run the command after their options', () => {
    expect(run('uv run --frozen --extra dev pytest -q')).toEqual(['pytest -q']);
    expect(run('poetry run mypy .')).toEqual(['mypy .']);
  });
  it('pre-commit run runs the known hooks (and local system hooks); unknown hooks are left to pre-commit', () => {
    expect(run('pre-commit run --all-files')).toEqual(['ruff check .', 'ruff format --check .', './scripts/check.sh']);
    expect(run('pre-commit run ruff-format --all-files')).toEqual(['ruff format --check .']);
    expect(run('pre-commit run end-of-file-fixer')).toEqual(['pre-commit run end-of-file-fixer']);
  });
  it('leaves other commands and wrappers without configuration alone', () => {
    expect(run('pytest -q')).toEqual(['pytest -q']);
    expect(unwrapCommand('tox -e lint', {}).map((u) => u.command)).toEqual(['tox -e lint']);
  });
});

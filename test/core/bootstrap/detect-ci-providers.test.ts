import { describe, expect, it } from 'vitest';
import { buildDiscovery } from '../../../src/core/bootstrap/build-discovery.js';
import type { LanguageScan } from '../../../src/core/bootstrap/language-scanner.js';
import { jenkinsSteps } from '../../../src/core/bootstrap/read-ci-steps.js';
import { validateDocument } from '../../../src/core/contracts/index.js';
import { makeSnapshot } from './make-snapshot.js';

const noLanguages: LanguageScan = { languages: [], languages_source_only: [], totals: { files_scanned: 0, files_counted: 0, bytes_counted: 0 }, evidence: [] };
const discover = (files: Record<string, string>) =>
  buildDiscovery({ root: '.', snapshot: makeSnapshot(files), languages: noLanguages, generatedAt: '2025-11-20T10:00:00Z', generator: { name: 'uet', version: '0.1.0' } }).discovery;
/** [kind, command, wrapped_by, [file, detector, line] of each evidence] of every check command CI runs. */
const commandsOf = (d: ReturnType<typeof discover>) =>
  d.ci.workflows.flatMap((w) => w.commands).filter((c) => c.kind !== 'other').map((c) => [c.kind, c.command, c.wrapped_by ?? null, c.evidence.map((e) => [e.file, e.detector, e.line ?? null])]);

const TOX = '[testenv]\ncommands =\n    test: pytest -q\n    lint: ruff check .\n';

describe('CI providers besides GitHub Actions', () => {
  it('CircleCI: run steps in jobs and reusable commands, short and long forms, relative working directories', () => {
    const d = discover({
      '.circleci/config.yml':
        'version: 2.1\ncommands:\n  lint:\n    steps:\n      - run: ruff check .\njobs:\n  test:\n    docker:\n      - image: cimg/python:3.12\n    working_directory: ~/project\n    steps:\n      - checkout\n      - run:\n          name: Unit tests\n          command: |\n            pip install -e .\n            pytest -q\n      - run:\n          name: Types\n          command: mypy src\n          working_directory: api\n',
    });
    expect(d.ci.provider).toBe('circleci');
    expect(commandsOf(d)).toEqual([
      ['test', 'pytest -q', null, [['.circleci/config.yml', 'ci.circleci', 17]]],
      ['typecheck', 'cd api && mypy src', null, [['.circleci/config.yml', 'ci.circleci', 20]]],
      ['lint', 'ruff check .', null, [['.circleci/config.yml', 'ci.circleci', 5]]],
    ]);
  });

  it('Azure Pipelines: script and bash steps at the top level, in jobs and in stages; tox unwrapped', () => {
    const d = discover({
      'azure-pipelines.yml':
        "trigger: [main]\nstages:\n  - stage: Check\n    jobs:\n      - job: Lint\n        steps:\n          - script: tox -e lint\n            displayName: 'Lint'\n      - job: Test\n        steps:\n          - task: UsePythonVersion@0\n          - bash: |\n              pytest -q\n            workingDirectory: backend\n",
      'tox.ini': TOX,
    });
    expect(d.ci.provider).toBe('azure_pipelines');
    expect(commandsOf(d)).toEqual([
      ['lint', 'ruff check .', 'tox -e lint', [['azure-pipelines.yml', 'ci.azure-pipelines', 7], ['tox.ini', 'ci.unwrap', 2]]],
      ['test', 'cd backend && pytest -q', null, [['azure-pipelines.yml', 'ci.azure-pipelines', 13]]],
    ]);
  });

  it("Jenkins: sh steps in every quoting, named by their stage, in their dir('x') block", () => {
    const jenkinsfile = [
      'pipeline {',
      '  agent any',
      '  stages {',
      "    stage('Lint') {",
      "      steps { sh 'make lint' } // sh 'not this'",
      '    }',
      "    stage('Test') {",
      '      steps {',
      "        dir('api') {",
      '          sh """',
      '            pip install -e .',
      '            pytest -q',
      '          """',
      '        }',
      "        sh(script: 'npm test', returnStatus: true)",
      '        echo "done { not a block"',
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n');
    expect(jenkinsSteps(jenkinsfile).map((s) => [s.name, s.workingDirectory ?? null, s.script.trim(), s.line])).toEqual([
      ['Lint', null, 'make lint', 5],
      ['Test', 'api', 'pip install -e .\n            pytest -q', 10],
      ['Test', null, 'npm test', 15],
    ]);
    const d = discover({ Jenkinsfile: jenkinsfile, Makefile: 'lint:\n\truff check .\n' });
    expect(d.ci.provider).toBe('jenkins');
    expect(d.warnings).toEqual([]); // its commands are read: no warning saying they are not
    expect(commandsOf(d)).toEqual([
      ['lint', 'ruff check .', 'make lint', [['Jenkinsfile', 'ci.jenkins', 5], ['Makefile', 'ci.unwrap', 1]]],
      ['test', 'cd api && pytest -q', null, [['Jenkinsfile', 'ci.jenkins', 12]]],
      ['test', 'npm test', null, [['Jenkinsfile', 'ci.jenkins', 15]]],
    ]);
    expect(validateDocument('bootstrap_discovery', d)).toMatchObject({ ok: true });
  });

  it('GitLab CI: before_script and script of each job', () => {
    const d = discover({ '.gitlab-ci.yml': 'stages: [test]\nunit:\n  before_script:\n    - pip install -e .\n  script:\n    - pytest -q\n' });
    expect(d.ci.provider).toBe('gitlab_ci');
    expect(d.ci.workflows[0]?.commands.map((c) => [c.kind, c.command, c.evidence[0]?.line])).toEqual([['other', 'pip install -e .', 4], ['test', 'pytest -q', 6]]);
  });
});

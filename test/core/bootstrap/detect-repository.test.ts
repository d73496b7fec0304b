import { describe, expect, it } from 'vitest';
import { assembleDiscovery, buildDiscovery } from '../../../src/core/bootstrap/build-discovery.js';
import { detectRepository } from '../../../src/core/bootstrap/detect-repository.js';
import { findAnsibleFiles } from '../../../src/core/bootstrap/find-ansible-files.js';
import type { LanguageScan } from '../../../src/core/bootstrap/language-scanner.js';
import { wantsSize } from '../../../src/core/bootstrap/wants-content.js';
import { makeSnapshot } from './make-snapshot.js';

const generator = { name: 'uet', version: '0.1.0' };
const scanOf = (language: string, bytes: number, evidence: LanguageScan['evidence'] = []): LanguageScan => ({
  languages: [{ language, bytes, percent: 100 }],
  languages_source_only: [{ language, bytes, percent: 100 }],
  totals: { files_scanned: 3, files_counted: 1, bytes_counted: bytes },
  evidence,
});
const FILES = {
  'package.json': '{ "name": "web", "scripts": { "test": "vitest run" ', // not valid JSON: a detector warning
  'pyproject.toml': '[tool.ruff]\nline-length = 100\n',
  '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: pytest -q\n',
  'src/app.py': 'print(1)\n',
};

describe('detectRepository and assembleDiscovery (the discovery split around the language scan)', () => {
  it('gives what buildDiscovery gives, and the detection does not depend on the languages', () => {
    const snapshot = makeSnapshot(FILES);
    const detected = detectRepository(snapshot);
    const input = { root: '.', snapshot, generatedAt: '2025-11-20T10:00:00Z', generator, commit: 'a'.repeat(40) };
    for (const languages of [scanOf('Python', 9), scanOf('Go', 70)]) {
      const whole = buildDiscovery({ ...input, languages });
      expect(assembleDiscovery(detected, { ...input, languages })).toEqual(whole.discovery);
      expect(detected.context).toEqual(whole.context);
      expect(whole.discovery.languages).toEqual([{ language: languages.languages[0]!.language, bytes: languages.languages[0]!.bytes, percent: 100 }]);
    }
    expect(detected.findings.tools.map((t) => t.tool_id)).toContain('pytest');
  });

  it("keeps the warnings in order: the caller's, the scanner's .gitattributes problems, the detectors'", () => {
    const snapshot = makeSnapshot(FILES);
    const evidence = [{ file: '.gitattributes', detector: 'gitattributes', conclusion: 'a macro was not applied' }];
    const discovery = assembleDiscovery(detectRepository(snapshot), {
      root: '.',
      snapshot,
      languages: scanOf('Python', 9, evidence),
      generatedAt: '2025-11-20T10:00:00Z',
      generator,
      warnings: ['12 configuration files: only the 4000 shallowest were read', '.gitattributes: a macro was not applied'],
    });
    const warnings = discovery.warnings ?? [];
    expect(warnings[0]).toBe('12 configuration files: only the 4000 shallowest were read');
    expect(warnings[1]).toBe('.gitattributes: a macro was not applied'); // once, where it came first
    expect(warnings[2]).toMatch(/^package\.json: not valid JSON/);
    expect(warnings).toHaveLength(3);
  });
});

describe('the per-file checks that run on every file', () => {
  it('wantsSize rules files out by extension exactly as its patterns do', () => {
    const cases: [string, ReturnType<typeof wantsSize>][] = [
      ['db/schema.SQL', 'sql'],
      ['roles/web/tasks/main.yml', 'ansible'],
      ['group_vars/all.yaml', 'ansible'],
      ['docs/Guide.MD', 'doc'],
      ['notes.asciidoc', 'doc'],
      ['.md', 'doc'],
      ['LICENSE.txt', undefined],
      ['requirements-dev.txt', undefined],
      ['node_modules/x/README.md', undefined],
      ['config.yml', undefined],
      ['Makefile', undefined],
      ['src/a.py', undefined],
      ['dir.md/file', undefined],
    ];
    for (const [path, kind] of cases) expect([path, wantsSize(path)]).toEqual([path, kind]);
  });

  it('findAnsibleFiles finds each kind in file order, once per snapshot', () => {
    const snapshot = makeSnapshot({
      'ansible.cfg': '[defaults]\n',
      'site.yml': '- hosts: all\n  roles: [web]\n',
      'roles/web/tasks/main.yml': '- name: x\n',
      'tasks/extra.yml': '- name: y\n',
      'inventory/hosts.ini': '[web]\nhost1\n',
      'tests/site.yml': '- hosts: all\n',
    });
    const files = findAnsibleFiles(snapshot);
    expect(files).toEqual({
      configs: ['ansible.cfg'],
      playbooks: ['site.yml', 'tests/site.yml'],
      roleFiles: ['roles/web/tasks/main.yml'],
      otherFiles: ['tasks/extra.yml'],
      inventories: ['inventory/hosts.ini'],
    });
    expect(findAnsibleFiles(snapshot)).toBe(files);
  });
});

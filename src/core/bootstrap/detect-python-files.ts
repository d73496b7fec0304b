import { classifyDependency, requirementName, requirementVersion } from './classify-dependency.js';
import { emptyFindings, type Findings } from './findings.js';
import { knownTool } from './known-tools.js';
import { makeEvidence } from './make-evidence.js';
import { iniInt, parseIni } from './parse-ini.js';
import { parseNoxfile } from './parse-noxfile.js';
import { parseTox } from './parse-tox.js';
import type { RepoSnapshot } from './repo-snapshot.js';

/** INI sections that configure a tool, by file: [flake8] in setup.cfg configures flake8, and so on. */
const INI_TOOLS: Readonly<Record<string, string>> = {
  flake8: 'flake8',
  'tool:pytest': 'pytest',
  pytest: 'pytest',
  mypy: 'mypy',
  isort: 'isort',
  pycodestyle: 'flake8',
  pylint: 'pylint',
  'MASTER': 'pylint',
  'tox:tox': 'tox',
};
const LINE_LENGTH_KEYS = ['max-line-length'];

function readIni(file: string, text: string, found: Findings): void {
  for (const [section, entries] of parseIni(text)) {
    const id = INI_TOOLS[section];
    if (!id) continue;
    found.tools.push(knownTool(id, [makeEvidence(file, 'python.ini-section', `[${section}] configures ${id}`)], { config_file: file }));
    for (const key of LINE_LENGTH_KEYS) {
      const n = iniInt(entries.get(key));
      const entry = entries.get(key);
      if (n !== undefined && entry)
        found.inferred.push({ constraints: { max_line_length: n }, evidence: [makeEvidence(file, `${id}.config`, `[${section}] ${key} = ${n}`, entry.line)] });
    }
  }
}

/**
 * Python configuration besides pyproject.toml: setup.cfg, tox.ini, .flake8, pytest.ini and mypy.ini sections,
 * noxfile.py sessions, and requirements*.txt (pip, and the frameworks and tools required).
 */
export function detectPythonFiles(snapshot: RepoSnapshot): Findings {
  const found = emptyFindings();
  const text = (f: string) => snapshot.contents.get(f);
  for (const file of ['setup.cfg', 'tox.ini', '.flake8', 'pytest.ini', 'mypy.ini', '.pylintrc', 'pylintrc']) {
    const t = text(file);
    if (t === undefined) continue;
    if (file === 'pytest.ini') found.tools.push(knownTool('pytest', [makeEvidence(file, 'python.config-file', 'pytest.ini configures pytest')], { config_file: file }));
    if (file === 'mypy.ini') found.tools.push(knownTool('mypy', [makeEvidence(file, 'python.config-file', 'mypy.ini configures mypy')], { config_file: file }));
    if (file.includes('pylintrc')) found.tools.push(knownTool('pylint', [makeEvidence(file, 'python.config-file', `${file} configures pylint`)], { config_file: file }));
    readIni(file, t, found);
    if (file === 'tox.ini') {
      const tox = parseTox(t);
      const envs = [...tox.envs.keys()];
      found.tools.push(knownTool('tox', [makeEvidence(file, 'tox.config', `tox environments: ${[...tox.envlist, ...envs].filter((e, i, a) => a.indexOf(e) === i).join(', ') || 'testenv'}`)], { config_file: file }));
    }
  }
  const nox = text('noxfile.py');
  if (nox !== undefined) {
    const sessions = [...parseNoxfile(nox).keys()];
    found.tools.push(knownTool('nox', [makeEvidence('noxfile.py', 'nox.config', `nox sessions: ${sessions.join(', ') || 'none'}`)], { config_file: 'noxfile.py' }));
  }
  if (snapshot.files.includes('setup.py') || snapshot.files.includes('requirements.txt')) {
    const file = snapshot.files.includes('requirements.txt') ? 'requirements.txt' : 'setup.py';
    found.packageManagers.push({ name: 'pip', evidence: [makeEvidence(file, 'python.pip', `${file} is present`)] });
  }
  for (const file of snapshot.files.filter((f) => /^(requirements[^/]*\.txt|requirements\/[^/]+\.txt)$/.test(f))) {
    (text(file) ?? '').split(/\r?\n/).forEach((line, i) => {
      if (/^\s*(#|-|$)/.test(line)) return;
      const name = requirementName(line);
      const { framework, tool } = classifyDependency(name);
      const version = requirementVersion(line);
      const ev = [makeEvidence(file, 'python.requirements', `${name} is required`, i + 1)];
      if (framework) found.frameworks.push({ name: framework, ...(version ? { version } : {}), evidence: ev });
      if (tool) found.tools.push(knownTool(tool, ev));
    });
  }
  const locks: [string, string][] = [['poetry.lock', 'poetry'], ['uv.lock', 'uv'], ['Pipfile.lock', 'pipenv'], ['pdm.lock', 'pdm']];
  for (const [lock, name] of locks)
    if (snapshot.files.includes(lock))
      found.packageManagers.push({ name, lockfile: lock, evidence: [makeEvidence(lock, 'python.lockfile', `${lock} is present`)] });
  return found;
}

import { describe, expect, it } from 'vitest';
import { computeSignals } from '../../../src/core/bootstrap/compute-signals.js';
import { detectInfra } from '../../../src/core/bootstrap/detect-infra.js';
import { ansibleBytes, findAnsibleFiles } from '../../../src/core/bootstrap/find-ansible-files.js';
import { wantsContent, wantsSize } from '../../../src/core/bootstrap/wants-content.js';
import { makeSnapshot } from './make-snapshot.js';

const PLAYBOOK = '---\n- name: Web\n  hosts: web\n  tasks:\n    - ansible.builtin.ping:\n';
const IMPORTS = '- import_playbook: web.yml\n- ansible.builtin.import_playbook: db.yml\n';

describe('findAnsibleFiles', () => {
  it('recognizes playbooks by their plays, roles by their layout, inventories by their groups', () => {
    const files = findAnsibleFiles(
      makeSnapshot({
        'ansible.cfg': '[defaults]\n',
        'web.yml': PLAYBOOK,
        'site.yml': IMPORTS,
        'roles/nginx/tasks/main.yml': '- name: x\n  ansible.builtin.apt: {name: nginx}\n',
        'roles/nginx/defaults/main.yml': 'port: 80\n',
        'tasks/common.yml': '- ansible.builtin.ping:\n',
        'group_vars/all.yml': 'user: deploy\n',
        inventory: '[web]\nweb1\n',
        'inventories/prod/hosts.yml': 'all:\n  hosts:\n    a: {}\n',
        'docker-compose.yml': 'services:\n  web:\n    image: nginx\n',
        'config/hosts': '127.0.0.1 localhost\n',
      }),
    );
    expect(files).toEqual({
      configs: ['ansible.cfg'],
      playbooks: ['site.yml', 'web.yml'],
      roleFiles: ['roles/nginx/defaults/main.yml', 'roles/nginx/tasks/main.yml'],
      otherFiles: ['group_vars/all.yml', 'tasks/common.yml'],
      inventories: ['inventories/prod/hosts.yml', 'inventory'],
    });
  });

  it('task and variable files count only next to playbooks or roles', () => {
    expect(findAnsibleFiles(makeSnapshot({ 'tasks/a.yml': '- x: 1\n', 'group_vars/all.yml': 'a: 1\n' })).otherFiles).toEqual([]);
  });

  it('counts bytes outside test paths, from the recorded sizes or the text', () => {
    const snapshot = makeSnapshot({ 'web.yml': PLAYBOOK, 'tests/test.yml': PLAYBOOK, 'roles/r/tasks/main.yml': 'é: 1\n' });
    expect(ansibleBytes(findAnsibleFiles(snapshot), snapshot)).toEqual({ bytes: PLAYBOOK.length + 6, files: 2 });
    expect(computeSignals(snapshot)).toMatchObject({ ansibleBytes: PLAYBOOK.length + 6, ansibleFiles: 2 });
  });

  it('the snapshot reads inventories and records the sizes of role, task and variable files', () => {
    expect(wantsContent('inventory')).toBe(true);
    expect(wantsContent('deploy/inventories/prod/hosts')).toBe(true);
    expect(wantsSize('a/b/c/roles/r/tasks/main.yml')).toBe('ansible');
    expect(wantsSize('node_modules/x/roles/r/tasks/main.yml')).toBeUndefined();
  });
});

describe('detectInfra: Ansible evidence', () => {
  it('names the config, the roles, the playbooks and the inventories', () => {
    const { frameworks } = detectInfra(
      makeSnapshot({ 'ansible.cfg': '', 'play.yml': PLAYBOOK, 'roles/db/tasks/main.yml': '- x: 1\n', hosts: '[db]\ndb1\n' }),
    );
    const evidence = frameworks.find((f) => f.name === 'ansible')?.evidence.map((e) => [e.file, e.detector, e.conclusion]);
    expect(evidence).toEqual([
      ['ansible.cfg', 'ansible.config', '1 ansible.cfg file'],
      ['roles/db/tasks/main.yml', 'ansible.role', '1 role: db'],
      ['play.yml', 'ansible.playbook', '1 playbook (YAML lists of plays with hosts)'],
      ['hosts', 'ansible.inventory', '1 inventory file (host groups)'],
    ]);
  });

  it('an inventory alone is not an Ansible project', () => {
    expect(detectInfra(makeSnapshot({ inventory: '[web]\nweb1\n' })).frameworks).toEqual([]);
  });
});

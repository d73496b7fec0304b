import { isTestPath } from './languages/is-test-path.js';
import { baseName, type RepoSnapshot } from './repo-snapshot.js';

/** The Ansible content of a repository, by kind (paths, sorted as the snapshot lists them). */
export interface AnsibleFiles {
  /** ansible.cfg files. */
  readonly configs: readonly string[];
  /** YAML files whose top level is a list of plays (`hosts:` or `import_playbook:`). */
  readonly playbooks: readonly string[];
  /** The task, handler, default, variable and metadata files of roles (`roles/<role>/<part>/*.yml`). */
  readonly roleFiles: readonly string[];
  /** Task and handler files outside roles, `group_vars` and `host_vars`, once a playbook or role exists. */
  readonly otherFiles: readonly string[];
  /** Inventories: INI or YAML files named inventory or hosts, or in an inventory directory, with hosts. */
  readonly inventories: readonly string[];
}

const ROLE_FILE = /(^|\/)roles\/[^/]+\/(tasks|handlers|defaults|vars|meta)\/.+\.ya?ml$/;
const OTHER_FILE = /(^|\/)(tasks|handlers|group_vars|host_vars)\/.+\.ya?ml$/;
/** A play at the top level of a YAML list: `- hosts: x`, `- import_playbook: x`, or `hosts:` under `- name:`. */
const PLAY = /^- (?:(?:ansible\.builtin\.)?import_playbook|hosts):\s*\S|^ {2}hosts:\s*\S/m;
const LIST = /^- /m;
/** Where Ansible looks for inventories by convention. */
const INVENTORY_PATH = /(^|\/)(inventory|hosts)(\.ini|\.ya?ml)?$|(^|\/)inventor(y|ies)\/(.+\/)?[^/.]+(\.ini|\.ya?ml)?$/;
/** An INI group header, or a YAML inventory's top-level `all:` with hosts or children. */
const INVENTORY_TEXT = /^\[[\w.:-]+\]\s*$|^all:\s*$/m;

/**
 * Whether a file may be an Ansible inventory (the snapshot reads those: see wantsContent). INVENTORY_PATH needs a name
 * that starts with inventory or hosts, or an inventory/ or inventories/ directory: the other paths (nearly all, and
 * this runs for every file) are not tried against it.
 */
export const mayBeInventory = (path: string) =>
  (path.includes('inventor') || path.startsWith('hosts', path.lastIndexOf('/') + 1)) && INVENTORY_PATH.test(path);

/** Whether a YAML file is a role, task or variable file by its path (the snapshot records their sizes). */
export const isAnsiblePath = (path: string) => ROLE_FILE.test(path) || OTHER_FILE.test(path);

const isYaml = (path: string) => path.endsWith('.yml') || path.endsWith('.yaml');
const found = new WeakMap<RepoSnapshot, AnsibleFiles>();

/**
 * Finds Ansible's files by their conventions (ansible.cfg, playbooks, roles, inventories, task files,
 * group and host variables). Playbooks and inventories are recognized by their text; the rest by path.
 * Pure (one pass over the files; the answer is kept per snapshot, since two detectors ask for it).
 */
export function findAnsibleFiles(snapshot: RepoSnapshot): AnsibleFiles {
  const known = found.get(snapshot);
  if (known) return known;
  const text = (f: string) => snapshot.contents.get(f) ?? '';
  const configs: string[] = [];
  const roleFiles: string[] = [];
  const playbooks: string[] = [];
  const inventories: string[] = [];
  const others: string[] = [];
  for (const f of snapshot.files) {
    if (baseName(f) === 'ansible.cfg') configs.push(f);
    if (isYaml(f)) {
      // ROLE_FILE and OTHER_FILE name YAML files only.
      if (ROLE_FILE.test(f)) roleFiles.push(f);
      else {
        if (LIST.test(text(f)) && PLAY.test(text(f))) playbooks.push(f);
        if (OTHER_FILE.test(f)) others.push(f);
      }
    }
    if (mayBeInventory(f) && INVENTORY_TEXT.test(text(f))) inventories.push(f);
  }
  const anyPlays = playbooks.length > 0 || roleFiles.length > 0;
  const otherFiles = anyPlays ? others.filter((f) => !playbooks.includes(f)) : [];
  const files = { configs, playbooks, roleFiles, otherFiles, inventories };
  found.set(snapshot, files);
  return files;
}

/** UTF-8 length of a string (the snapshot holds text; sizes are compared in bytes). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 4; // a surrogate pair
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Bytes of Ansible content outside test paths: playbooks, role files, task and variable files and
 * inventories. Linguist counts them as YAML or INI (data), so the breakdown leaves them out; the profile
 * selector counts them as infrastructure code.
 */
export function ansibleBytes(files: AnsibleFiles, snapshot: RepoSnapshot): { bytes: number; files: number } {
  const all = [...files.playbooks, ...files.roleFiles, ...files.otherFiles, ...files.inventories].filter((f) => !isTestPath(f));
  const size = (f: string) => snapshot.sizes.get(f) ?? utf8Length(snapshot.contents.get(f) ?? '');
  return { bytes: all.reduce((sum, f) => sum + size(f), 0), files: all.length };
}

import { ansibleBytes, findAnsibleFiles } from './find-ansible-files.js';
import type { RepoSnapshot } from './repo-snapshot.js';
import { wantsSize } from './wants-content.js';

/** Facts the profile selector needs beyond the language breakdown, which leaves out prose and SQL (data in Linguist). */
export interface RepoSignals {
  /** Bytes and count of documentation files (.md, .mdx, .rst, .adoc, .txt). */
  readonly docBytes: number;
  readonly docFiles: number;
  /** Bytes and count of .sql files. */
  readonly sqlBytes: number;
  readonly sqlFiles: number;
  /** Bytes and count of Ansible playbooks, role, task and variable files and inventories (tests excluded). */
  readonly ansibleBytes: number;
  readonly ansibleFiles: number;
}

/** Adds up the sizes of documentation, SQL and Ansible files in the snapshot. Pure. */
export function computeSignals(snapshot: RepoSnapshot): RepoSignals {
  let docBytes = 0;
  let docFiles = 0;
  let sqlBytes = 0;
  let sqlFiles = 0;
  for (const file of snapshot.files) {
    const kind = wantsSize(file);
    const size = snapshot.sizes.get(file) ?? 0;
    if (kind === 'doc') {
      docBytes += size;
      docFiles++;
    } else if (kind === 'sql') {
      sqlBytes += size;
      sqlFiles++;
    }
  }
  const ansible = ansibleBytes(findAnsibleFiles(snapshot), snapshot);
  return { docBytes, docFiles, sqlBytes, sqlFiles, ansibleBytes: ansible.bytes, ansibleFiles: ansible.files };
}

import { applyPatch } from 'diff';
import { filePath, GITLINK_MODE, parseGitDiff, type FilePatch, type WrittenChange } from '../../core/patch/index.js';
import { runGit } from '../git/run-git.js';
import { applyWithGit, type Materialized, type MaterializeSpec } from './apply-with-git.js';
import { createTreeCache, editTree, TreeEditDeclined, type TreeEdit } from './edit-tree.js';
import { createGitObjectReader, type GitObject, type GitObjectReader } from './git-object-reader.js';
import { createLooseObjectWriter, type LooseObjectWriter } from './loose-object-writer.js';
import { readWrittenChangesWith } from './read-written-changes.js';
import { createRefUpdater } from './ref-updater.js';

export interface InProcessApplier {
  /** Same contract as applyWithGit; `files` saves a second parse. */
  materialize(spec: MaterializeSpec & { readonly files?: readonly FilePatch[] }): Promise<Materialized>;
  /** The commit a revision names, read from the object store (null when unknown). */
  hasCommit(id: string): Promise<string | null>;
  /** What `commit` writes against `base`, read through the applier's own object reader (readWrittenChangesWith). */
  written(base: string, commit: string): Promise<WrittenChange[]>;
  /** Compare-and-swap of a ref through one long-lived `git update-ref --stdin`. */
  advance(ref: string, to: string, from: string): Promise<boolean>;
  /** How many patches were made in process, and how many were handed to git. */
  readonly stats: { inProcess: number; viaGit: number };
  close(): void;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const decode = (data: Buffer): string | undefined => {
  try {
    return utf8.decode(data);
  } catch {
    return undefined;
  }
};
const OPTIONS = { fuzzFactor: 0, autoConvertLineEndings: false };
const structured = (f: FilePatch) => ({ oldFileName: 'a', newFileName: 'b', oldHeader: '', newHeader: '', hunks: f.hunks.map((h) => ({ ...h, lines: [...h.lines] })) });

/**
 * Makes an artifact's commit on its base in process: blobs and trees are read through one long-lived
 * `git cat-file --batch`, hunks are applied with the `diff` package's applyPatch (no fuzz, git's line endings), and
 * the new blobs, trees and the commit are written as loose objects. No process is started per patch. Anything it
 * does not handle the same way as git (binary patches, submodules, text that is not UTF-8, SHA-256 repositories, a
 * file where a directory is) is handed to applyWithGit, which is the reference.
 */
export async function createInProcessApplier(root: string, configArgs: readonly string[], now: () => number): Promise<InProcessApplier> {
  const [format, objects, author, committer] = await Promise.all([
    runGit(root, ['rev-parse', '--show-object-format']).then((r) => r.stdout.trim(), () => 'unknown'),
    runGit(root, ['rev-parse', '--path-format=absolute', '--git-path', 'objects']).then((r) => r.stdout.trim()),
    runGit(root, [...configArgs, 'var', 'GIT_AUTHOR_IDENT']).then((r) => r.stdout.trim().replace(/ \d+ [+-]\d{4}$/, '')),
    runGit(root, [...configArgs, 'var', 'GIT_COMMITTER_IDENT']).then((r) => r.stdout.trim().replace(/ \d+ [+-]\d{4}$/, '')),
  ]);
  const reader = createGitObjectReader(root);
  const refs = createRefUpdater(root, 'uet: patch');
  const loose = createLooseObjectWriter(objects);
  // Objects this applier wrote or read lately: a series of patches mostly reads what the previous one wrote.
  const recent = new Map<string, GitObject>();
  const keep = (id: string, o: GitObject) => {
    recent.set(id, o);
    if (recent.size > 512) recent.delete(recent.keys().next().value!);
    return id;
  };
  const cached: GitObjectReader = { read: async (id) => recent.get(id) ?? (await reader.read(id)), close: () => reader.close() };
  // Every object written is kept too: reading back what was written (the written check) needs no round trip.
  const writer: LooseObjectWriter = { write: async (type, data) => keep(await loose.write(type, data), { type, data }) };
  const trees = createTreeCache(cached);

  async function commitOf(spec: MaterializeSpec, files: readonly FilePatch[]): Promise<Materialized | 'decline'> {
    const base = await cached.read(spec.base);
    const baseTree = base?.type === 'commit' ? /^tree ([0-9a-f]{40})/.exec(base.data.toString('latin1'))?.[1] : undefined;
    if (!baseTree) return 'decline';
    const edits = new Map<string, TreeEdit>();
    // Every old blob at once: the requests are pipelined through the one cat-file process.
    const olds = await Promise.all(files.map(async (f) => (f.oldPath !== null ? await trees.lookup(baseTree, f.oldPath) : undefined)));
    const contents = await Promise.all(olds.map((e) => (e ? cached.read(e.id) : Promise.resolve(null))));
    for (const [i, f] of files.entries()) {
      if (f.binary || f.newMode === GITLINK_MODE || f.oldMode === GITLINK_MODE || f.hunks.some((h) => h.lines.includes(''))) return 'decline';
      const old = olds[i];
      if (f.oldPath !== null && !old) return { ok: false, message: `${f.oldPath}: does not exist in the base commit` };
      if (f.change === 'added' && (await trees.lookup(baseTree, f.newPath!))) return { ok: false, message: `${f.newPath}: already exists in the base commit` };
      if (f.change === 'deleted' || f.change === 'renamed') edits.set(f.oldPath!, null);
      if (f.newPath === null) {
        const gone = contents[i];
        const rest = gone && f.hunks.length ? applyPatch(decode(gone.data) ?? '\u0000', structured(f), OPTIONS) : '';
        if (rest !== '') return { ok: false, message: `${f.oldPath}: the deletion does not match its content` };
        continue;
      }
      let id = old?.id;
      if (f.hunks.length || !old) {
        const blob = old ? contents[i] : { type: 'blob', data: Buffer.alloc(0) };
        if (!blob || blob.type !== 'blob') return 'decline';
        const text = decode(blob.data);
        if (text === undefined) return 'decline';
        const patched = f.hunks.length ? applyPatch(text, structured(f), OPTIONS) : text;
        if (patched === false) return { ok: false, message: `${filePath(f)}: patch does not apply` };
        const data = Buffer.from(patched, 'utf8');
        id = await writer.write('blob', data);
      }
      const mode = f.newMode ?? old?.mode ?? '100644';
      edits.set(f.newPath, { mode, id: id! });
    }
    const tree = await editTree(trees, writer, baseTree, edits);
    const ts = `${Math.floor(now() / 1000)} +0000`;
    const message = spec.message.endsWith('\n') ? spec.message : `${spec.message}\n`;
    const body = Buffer.from(`tree ${tree}\nparent ${spec.base}\nauthor ${author} ${ts}\ncommitter ${committer} ${ts}\n\n${message}`, 'utf8');
    const commit = await writer.write('commit', body);
    return { ok: true, commit };
  }

  const stats = { inProcess: 0, viaGit: 0 };
  return {
    stats,
    async materialize(spec) {
      const files = spec.files ?? (() => {
        const r = parseGitDiff(spec.diffText);
        return r.ok ? r.files : null;
      })();
      if (format === 'sha1' && files) {
        try {
          const made = await commitOf(spec, files);
          if (made !== 'decline') {
            stats.inProcess += 1;
            return made;
          }
        } catch (e) {
          if (!(e instanceof TreeEditDeclined)) throw e;
        }
      }
      stats.viaGit += 1;
      return applyWithGit(spec);
    },
    written: (base, commit) => readWrittenChangesWith(cached, base, commit),
    hasCommit: async (id) => ((await cached.read(id))?.type === 'commit' && /^[0-9a-f]{40}$/.test(id) ? id : null),
    advance: (ref, to, from) => refs.advance(ref, to, from),
    close: () => {
      reader.close();
      refs.close();
    },
  };
}

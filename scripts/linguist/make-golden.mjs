// Reproduces the golden language breakdowns in test/fixtures/linguist/golden/<name>.json.
//
// For each repository of scripts/linguist/corpus.json it
//   1. makes a checkout at the pinned commit under UET_CORPUS_DIR (default /work/corpus), cloned from a
//      local mirror (UET_MIRROR_DIR/<owner>+<name>/repo, default /work/.mirror, as the `fetch` tool leaves
//      them) or else from https://github.com/<owner>/<name>;
//   2. runs Debian's Linguist 7.22.1 there (`apt-get install ruby-github-linguist`; `github-linguist --json`);
//   3. writes {repo, commit, linguist_version, breakdown: {language: bytes}, hand_label_profile,
//      linguist_seconds}. Only this data is committed, never the repositories' code.
//
// Usage: node scripts/linguist/make-golden.mjs [name...]   (default: every repository of the manifest)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(root, 'scripts/linguist/corpus.json'), 'utf8'));
const corpusDir = process.env.UET_CORPUS_DIR ?? '/work/corpus';
const mirrorDir = process.env.UET_MIRROR_DIR ?? '/work/.mirror';
const goldenDir = join(root, 'test/fixtures/linguist/golden');
const only = process.argv.slice(2);

const git = (cwd, ...args) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();

function linguistVersion() {
  const out = spawnSync('github-linguist', ['--version'], { encoding: 'utf8' });
  if (out.error) throw new Error('github-linguist is not installed: apt-get install -y ruby-github-linguist');
  return (/(\d+\.\d+\.\d+)/.exec(out.stdout + out.stderr) ?? [])[1] ?? 'unknown';
}

function checkout(entry) {
  const dir = join(corpusDir, entry.name);
  if (!existsSync(join(dir, '.git'))) {
    const mirror = join(mirrorDir, entry.repo.replace('/', '+'), 'repo');
    const source = existsSync(mirror) ? mirror : `https://github.com/${entry.repo}.git`;
    mkdirSync(corpusDir, { recursive: true });
    execFileSync('git', ['clone', '--quiet', '--no-checkout', source, dir], { stdio: 'inherit' });
  }
  git(dir, '-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--force', entry.commit);
  return dir;
}

const version = linguistVersion();
if (version !== '7.22.1') console.warn(`warning: Linguist ${version}, the golden files are meant for 7.22.1`);
mkdirSync(goldenDir, { recursive: true });
for (const entry of manifest.repos) {
  if (only.length && !only.includes(entry.name)) continue;
  const dir = checkout(entry);
  const started = process.hrtime.bigint();
  const out = execFileSync('github-linguist', ['--json', dir], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const parsed = JSON.parse(out);
  const breakdown = Object.fromEntries(
    Object.entries(parsed)
      .map(([language, v]) => [language, v.size])
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
  );
  const golden = {
    repo: entry.repo,
    commit: entry.commit,
    linguist_version: version,
    breakdown,
    hand_label_profile: entry.hand_label_profile,
    linguist_seconds: +seconds.toFixed(2),
  };
  writeFileSync(join(goldenDir, `${entry.name}.json`), `${JSON.stringify(golden, null, 2)}\n`);
  console.log(`${entry.name}: ${Object.keys(breakdown).length} languages, ${seconds.toFixed(2)} s`);
}

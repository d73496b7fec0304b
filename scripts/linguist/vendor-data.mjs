// Refreshes vendor/linguist from an installed Linguist (Debian's ruby-github-linguist 7.22.1:
// `apt-get install -y ruby-github-linguist`). Copies the data YAMLs as they are, and extracts from
// samples.json (2.5 MB) only what UET uses:
//   samples-meta.json        the sample extensions and interpreters Linguist merges into languages.yml,
//                            and the number of samples per language;
//   classifier-samples.json  the classifier's token counts for the languages that can ever be classifier
//                            candidates (those sharing an extension, file name or interpreter, the
//                            multi-language heuristic rules, and Roff / Roff Manpage), plus its totals.
// Then run node scripts/linguist/build-index.mjs.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const gem =
  process.env.LINGUIST_LIB ??
  '/usr/lib/x86_64-linux-gnu/rubygems-integration/3.1.0/gems/github-linguist-7.22.1/lib/linguist';
const vendor = new URL('../../vendor/linguist/', import.meta.url).pathname;
const version = readFileSync(join(gem, 'VERSION'), 'utf8').trim();
if (version !== '7.22.1') throw new Error(`expected Linguist 7.22.1 at ${gem}, found ${version}`);

for (const f of [
  'languages.yml',
  'heuristics.yml',
  'vendor.yml',
  'documentation.yml',
  'generic.yml',
  'popular.yml',
]) {
  copyFileSync(join(gem, f), join(vendor, f));
}
const samples = JSON.parse(readFileSync(join(gem, 'samples.json'), 'utf8'));
const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const meta = {
  comment: `Derived from lib/linguist/samples.json of github-linguist ${version} (Debian ruby-github-linguist) by scripts/linguist/vendor-data.mjs.`,
  extnames: sorted(samples.extnames),
  interpreters: sorted(samples.interpreters),
  languages: sorted(samples.languages),
};
writeFileSync(join(vendor, 'samples-meta.json'), `${JSON.stringify(meta, null, 1)}\n`);

// Languages that can meet another one in a candidate list.
const languages = parse(readFileSync(join(gem, 'languages.yml'), 'utf8'));
const shared = new Map();
const note = (key, name) => shared.set(key, [...(shared.get(key) ?? []), name]);
for (const [name, o] of Object.entries(languages)) {
  const exts = [...(o.extensions ?? []), ...(samples.extnames[name] ?? [])];
  for (const e of exts) note(`ext:${e.toLowerCase()}`, name);
  for (const f of o.filenames ?? []) note(`file:${f}`, name);
  for (const i of [...(o.interpreters ?? []), ...(samples.interpreters[name] ?? [])])
    note(`interp:${i}`, name);
}
const candidates = new Set(['Roff', 'Roff Manpage']);
for (const names of shared.values()) if (new Set(names).size > 1) names.forEach((n) => candidates.add(n));
for (const d of parse(readFileSync(join(gem, 'heuristics.yml'), 'utf8')).disambiguations) {
  for (const rule of d.rules)
    if (Array.isArray(rule.language)) rule.language.forEach((n) => candidates.add(n));
}
const keep = [...candidates].filter((n) => samples.tokens[n]).sort();
const classifier = {
  comment: `Classifier token counts of github-linguist ${version} (lib/linguist/samples.json) for the ${keep.length} languages that can be classifier candidates; extracted by scripts/linguist/vendor-data.mjs.`,
  tokens_total: samples.tokens_total,
  languages_total: samples.languages_total,
  languages: Object.fromEntries(keep.map((n) => [n, samples.languages[n]])),
  language_tokens: Object.fromEntries(keep.map((n) => [n, samples.language_tokens[n]])),
  tokens: Object.fromEntries(keep.map((n) => [n, sorted(samples.tokens[n])])),
};
writeFileSync(join(vendor, 'classifier-samples.json'), `${JSON.stringify(classifier)}\n`);
console.log(`vendored Linguist ${version} data; classifier: ${keep.length} languages`);

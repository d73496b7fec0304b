// Builds src/core/bootstrap/languages/linguist-index.generated.ts from the vendored Linguist 7.22.1 data
// (vendor/linguist/*.yml and samples-meta.json): a compact index that the pure core imports cheaply
// (one JSON.parse of a string, no YAML at run time). Regexes are translated from Ruby to JavaScript here
// (scripts/linguist/ruby-regex.mjs) and compiled lazily by the core.
// `node scripts/linguist/build-index.mjs --check` fails when the generated file is stale (run in tests).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import prettier from 'prettier';
import { parse } from 'yaml';
import { pathPatterns } from './path-patterns.mjs';
import { translateRubyRegex } from './ruby-regex.mjs';

const root = new URL('../../', import.meta.url).pathname;
const vendor = join(root, 'vendor/linguist');
const out = join(root, 'src/core/bootstrap/languages/linguist-index.generated.ts');
const check = process.argv.includes('--check');
const yml = (name) => parse(readFileSync(join(vendor, name), 'utf8'));

const languagesYml = yml('languages.yml');
const samples = JSON.parse(readFileSync(join(vendor, 'samples-meta.json'), 'utf8'));
const popular = new Set(yml('popular.yml'));
const TYPES = { programming: 'p', markup: 'm', data: 'd', prose: 'x' };

// Languages in languages.yml order (Ruby hashes keep insertion order; the indexes below keep it too).
const names = Object.keys(languagesYml);
const byLowerName = new Map(names.map((n, i) => [n.toLowerCase(), i]));

const aliases = {};
const extensions = {};
const filenames = {};
const interpreters = {};
const push = (table, key, id) => (table[key] ??= []).push(id);

const languages = names.map((name, id) => {
  const o = languagesYml[name];
  if (!TYPES[o.type]) throw new Error(`${name}: unknown type ${o.type}`);
  // Linguist (language.rb) merges the extensions and interpreters of its samples into languages.yml.
  const exts = [...(o.extensions ?? [])];
  for (const e of samples.extnames[name] ?? []) {
    if (!exts.some((x) => x.toLowerCase().endsWith(e.toLowerCase()))) exts.push(e);
  }
  const interps = [...(o.interpreters ?? [])];
  for (const it of samples.interpreters[name] ?? []) if (!interps.includes(it)) interps.push(it);
  interps.sort();
  for (const e of exts) push(extensions, e.toLowerCase(), id);
  for (const f of o.filenames ?? []) push(filenames, f, id);
  for (const it of interps) push(interpreters, it, id);
  for (const a of [name.toLowerCase().replace(/\s/g, '-'), ...(o.aliases ?? [])]) {
    if (a.toLowerCase() in aliases && aliases[a.toLowerCase()] !== id)
      throw new Error(`duplicate alias ${a}`);
    aliases[a.toLowerCase()] = id;
  }
  const group = o.group === undefined ? id : byLowerName.get(o.group.toLowerCase());
  if (group === undefined) throw new Error(`${name}: unknown group ${o.group}`);
  const primary = (o.extensions ?? [])[0]?.toLowerCase() ?? '';
  return [name, TYPES[o.type], group, popular.has(name) ? 1 : 0, samples.languages[name] ?? 0, primary];
});

// Language[name] in Ruby: by name or alias, case-insensitively.
const lookup = (name) => {
  const id = byLowerName.get(name.toLowerCase()) ?? aliases[name.toLowerCase()];
  if (id === undefined) throw new Error(`heuristics: unknown language ${name}`);
  return id;
};

const lineRe = (src) => translateRubyRegex(src, { anchors: 'line' });
// heuristics.yml, following Heuristics.parse_rule: `and` first, then pattern, negative_pattern,
// named_pattern; a rule with none always matches. A pattern list is a union (any of them).
const heuristicsYml = yml('heuristics.yml');
const named = heuristicsYml.named_patterns;
const toCondition = (pattern) => (Array.isArray(pattern) ? { any: pattern.map(lineRe) } : lineRe(pattern));
function condition(rule) {
  if (rule.and) return { and: rule.and.map(condition) };
  if (rule.pattern !== undefined) return toCondition(rule.pattern);
  if (rule.negative_pattern !== undefined) return { not: lineRe(rule.negative_pattern) };
  if (rule.named_pattern !== undefined) {
    if (!(rule.named_pattern in named)) throw new Error(`unknown named pattern ${rule.named_pattern}`);
    return toCondition(named[rule.named_pattern]);
  }
  return null;
}
const heuristics = heuristicsYml.disambiguations.map((d) => ({
  extensions: d.extensions,
  rules: d.rules.map((rule) => {
    const language = Array.isArray(rule.language) ? rule.language.map(lookup) : lookup(rule.language);
    const when = condition(rule);
    return when === null ? { language } : { language, when };
  }),
}));

const index = {
  version: '7.22.1',
  languages,
  aliases,
  extensions,
  filenames,
  interpreters,
  generic: yml('generic.yml').extensions,
  vendor: pathPatterns(yml('vendor.yml')),
  documentation: pathPatterns(yml('documentation.yml')),
  heuristics,
};

// The classifier's token counts, compact: one sorted token list, and per language its sample count,
// its token total and (token index delta, count) pairs, indexes ascending.
const cls = JSON.parse(readFileSync(join(vendor, 'classifier-samples.json'), 'utf8'));
const tokenList = [...new Set(Object.values(cls.tokens).flatMap((t) => Object.keys(t)))].sort();
const tokenIndex = new Map(tokenList.map((t, i) => [t, i]));
const classifier = {
  tokensTotal: cls.tokens_total,
  languagesTotal: cls.languages_total,
  tokens: tokenList,
  languages: Object.fromEntries(
    Object.entries(cls.tokens).map(([name, counts]) => {
      const pairs = Object.entries(counts)
        .map(([t, c]) => [tokenIndex.get(t), c])
        .sort((a, b) => a[0] - b[0]);
      const deltas = [];
      let last = 0;
      for (const [i, c] of pairs) {
        deltas.push(i - last, c);
        last = i;
      }
      return [name, [cls.languages[name], cls.language_tokens[name], ...deltas]];
    }),
  ),
};

const json = JSON.stringify(index);
const text = `// GENERATED by scripts/linguist/build-index.mjs from vendor/linguist (Linguist 7.22.1 data, MIT). Do not edit.
/* eslint-disable */
import type { LinguistIndexData } from './linguist-index-data.js';

/** Parsed once at import: JSON.parse of a string literal is much cheaper than the same object literal. */
export const linguistIndexData: LinguistIndexData = JSON.parse(${JSON.stringify(json)});
`;

const classifierText = `// GENERATED by scripts/linguist/build-index.mjs from vendor/linguist/classifier-samples.json (Linguist 7.22.1, MIT). Do not edit.
/* eslint-disable */
import type { ClassifierData } from './linguist-index-data.js';

/** Loaded only when a file needs Linguist's classifier (see load-classifier.ts). */
export const classifierData: ClassifierData = JSON.parse(${JSON.stringify(JSON.stringify(classifier))});
`;

const outputs = {
  [out]: text,
  [out.replace('linguist-index.generated.ts', 'linguist-classifier.generated.ts')]: classifierText,
};
// Formatted as the rest of the code base, so that `prettier --check` agrees with --check here.
const prettierOptions = { ...(await prettier.resolveConfig(out)), parser: 'typescript' };
let stale = false;
for (const [path, raw] of Object.entries(outputs)) {
  const content = await prettier.format(raw, prettierOptions);
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    /* missing */
  }
  if (current === content) continue;
  if (check) {
    console.error(`stale ${path}; run node scripts/linguist/build-index.mjs`);
    stale = true;
  } else {
    writeFileSync(path, content);
    console.log(`wrote ${path} (${(content.length / 1024).toFixed(0)} KiB)`);
  }
}
if (stale) process.exit(1);

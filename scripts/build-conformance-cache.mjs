// Builds what the conformance checks load from GitHub's own packages, into node_modules/.cache/uet-conformance/
// (generated, never committed; rebuilt when a package version or this script changes):
// - workflow-parser.mjs: @actions/workflow-parser (workflows and action metadata) and @actions/expressions, bundled
//   with esbuild. The parser imports its JSON schemas with a bare `import x from "./x.json"`, which Node 20 refuses
//   without an import attribute; the bundle inlines them.
// - webhook-validators.cjs: ajv standalone validators of the @octokit/openapi-webhooks request bodies of the
//   webhooks in WEBHOOKS. Compiling them takes about 2 s; loading the compiled code takes about 60 ms, so every test
//   worker loads it instead of compiling.
// Run `node scripts/build-conformance-cache.mjs`; the test support builds it on first use and vitest's global setup
// builds it once per test run.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
export const cacheDir = join(root, 'node_modules', '.cache', 'uet-conformance');

/**
 * The webhooks (`<event>-<action>` keys of @octokit/openapi-webhooks) whose payloads the tests send or the app
 * may receive: the app's subscriptions, the events it ignores, and the installation events. A payload of another
 * webhook is refused by the check with a message naming this list.
 */
export const WEBHOOKS = [
  'check-run-completed',
  'check-run-created',
  'check-run-requested-action',
  'check-run-rerequested',
  'installation-created',
  'installation-deleted',
  'installation-repositories-added',
  'installation-repositories-removed',
  'issue-comment-created',
  'issue-comment-deleted',
  'issue-comment-edited',
  'issues-labeled',
  'issues-opened',
  'ping',
  'pull-request-closed',
  'pull-request-opened',
  'pull-request-reopened',
  'pull-request-synchronize',
  'pull-request-review-submitted',
  'pull-request-review-dismissed',
  'pull-request-review-comment-created',
  'pull-request-review-comment-deleted',
  'pull-request-review-comment-edited',
  'workflow-job-completed',
  'workflow-job-in-progress',
  'workflow-job-queued',
  'workflow-run-completed',
  'workflow-run-in-progress',
  'workflow-run-requested',
];

// Read from the file: some of these packages do not export their package.json.
const version = (pkg) =>
  JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;

/** What the cache is built from: when any of it changes, the cache is rebuilt. */
export function cacheStamp() {
  return createHash('sha256')
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .update(
      JSON.stringify(
        ['@actions/workflow-parser', '@octokit/openapi-webhooks', 'ajv', 'ajv-formats', 'esbuild'].map(
          (p) => `${p}@${version(p)}`,
        ),
      ),
    )
    .digest('hex');
}

/** Writes `text` to `file` through a temporary file and a rename: a concurrent reader never sees half of it. */
function writeAtomically(file, text) {
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

async function bundleWorkflowParser() {
  const { build } = await import('esbuild');
  const result = await build({
    stdin: {
      contents: [
        "export * from '@actions/workflow-parser';",
        "export { parseAction, convertActionTemplate } from '@actions/workflow-parser/actions/index';",
        "export * as expressions from '@actions/expressions';",
        "export { truthy } from '@actions/expressions/result';",
      ].join('\n'),
      resolveDir: root,
      loader: 'js',
    },
    write: false,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'error',
    // yaml's CommonJS build calls require('process'): an ESM bundle has no require unless it makes one.
    banner: {
      js: "import { createRequire as __uetCreateRequire } from 'module'; const require = __uetCreateRequire(import.meta.url);",
    },
  });
  return result.outputFiles[0].text;
}

async function compileWebhookValidators() {
  const Ajv2020 = require('ajv/dist/2020').default;
  const addFormats = require('ajv-formats');
  const standaloneCode = require('ajv/dist/standalone').default;
  const { _ } = require('ajv');
  const spec = require('@octokit/openapi-webhooks/generated/api.github.com.json');
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  addFormats(ajv);
  ajv.addSchema({ ...spec, $id: 'webhooks' });
  const refs = {};
  for (const key of WEBHOOKS) {
    const ref = spec.webhooks[key]?.post?.requestBody?.content?.['application/json']?.schema?.$ref;
    if (!ref) throw new Error(`@octokit/openapi-webhooks has no webhook "${key}"`);
    refs[key] = `webhooks${ref}`;
    ajv.getSchema(refs[key]);
  }
  const code = standaloneCode(ajv, refs);
  return `// Generated by scripts/build-conformance-cache.mjs from @octokit/openapi-webhooks ${version('@octokit/openapi-webhooks')}.\n${code}`;
}

export async function buildConformanceCache() {
  mkdirSync(cacheDir, { recursive: true });
  writeAtomically(join(cacheDir, 'workflow-parser.mjs'), await bundleWorkflowParser());
  writeAtomically(join(cacheDir, 'webhook-validators.cjs'), await compileWebhookValidators());
  writeAtomically(
    join(cacheDir, 'stamp.json'),
    JSON.stringify({
      stamp: cacheStamp(),
      webhooks: WEBHOOKS,
      openapiWebhooks: version('@octokit/openapi-webhooks'),
      workflowParser: version('@actions/workflow-parser'),
    }),
  );
}

/** Whether the cache was built from what is installed now. */
export function cacheIsFresh() {
  try {
    return JSON.parse(readFileSync(join(cacheDir, 'stamp.json'), 'utf8')).stamp === cacheStamp();
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale') && cacheIsFresh()) process.exit(0);
  const started = performance.now();
  await buildConformanceCache();
  console.log(`built ${cacheDir} in ${Math.round(performance.now() - started)} ms`);
}

// Writes test/fixtures/github/openapi-subset.json: the operations of GitHub's REST description
// (@octokit/openapi, api.github.com, with the $refs it uses resolved) that UET's app, action and simulated GitHub use. Loading the
// full description takes seconds; the subset loads in milliseconds. Each operation keeps its path template,
// method, operationId, parameters (name, in, required, and a documented maximum such as per_page's 100), JSON
// request body schema and the media types it documents (for the Accept header).
// Add an operation to OPERATIONS and run `node scripts/openapi-subset.mjs`; a test fails when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OPERATIONS = [
  'GET /app',
  'POST /app/installations/{installation_id}/access_tokens',
  'GET /app/installations',
  'GET /installation/repositories',
  'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
  'GET /orgs/{org}/teams/{team_slug}/memberships/{username}',
  'GET /repos/{owner}/{repo}',
  'GET /repos/{owner}/{repo}/languages',
  'GET /repos/{owner}/{repo}/contents/{path}',
  'GET /repos/{owner}/{repo}/git/commits/{commit_sha}',
  'POST /repos/{owner}/{repo}/git/commits',
  'POST /repos/{owner}/{repo}/git/trees',
  'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
  'POST /repos/{owner}/{repo}/git/blobs',
  'GET /repos/{owner}/{repo}/git/blobs/{file_sha}',
  'GET /repos/{owner}/{repo}/git/ref/{ref}',
  'GET /repos/{owner}/{repo}/git/matching-refs/{ref}',
  'POST /repos/{owner}/{repo}/git/refs',
  'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
  'DELETE /repos/{owner}/{repo}/git/refs/{ref}',
  'GET /repos/{owner}/{repo}/compare/{basehead}',
  'POST /repos/{owner}/{repo}/merges',
  'GET /repos/{owner}/{repo}/pulls',
  'POST /repos/{owner}/{repo}/pulls',
  'GET /repos/{owner}/{repo}/pulls/{pull_number}',
  'PATCH /repos/{owner}/{repo}/pulls/{pull_number}',
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments',
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/comments',
  'GET /repos/{owner}/{repo}/branches/{branch}',
  'GET /repos/{owner}/{repo}/rules/branches/{branch}',
  'GET /repos/{owner}/{repo}/activity',
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
  'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
  'POST /repos/{owner}/{repo}/issues/{issue_number}/reactions',
  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
  'POST /repos/{owner}/{repo}/check-runs',
  'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
  'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
  'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
  'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
  'POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel',
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts',
];

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
export const specPath = join(
  dirname(require.resolve('@octokit/openapi/package.json')),
  'generated',
  'api.github.com.json',
);

/** Resolves local $refs and drops what validation does not need (descriptions, examples). */
function strip(value, spec, depth = 0) {
  if (depth > 40) throw new Error('$ref nesting too deep (a recursive schema?)');
  if (Array.isArray(value)) return value.map((v) => strip(v, spec, depth + 1));
  if (!value || typeof value !== 'object') return value;
  if (typeof value.$ref === 'string') {
    const target = value.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
    if (target === undefined) throw new Error(`unresolved ${value.$ref}`);
    return strip(target, spec, depth + 1);
  }
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'description' || k === 'example' || k === 'examples' || k === 'title') continue;
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v).map(([name, s]) => [name, strip(s, spec, depth + 1)]))
        : strip(v, spec, depth + 1);
  }
  return out;
}

/**
 * A parameter's name, place and whether it is required; for a number with a documented maximum ("The number of
 * results per page (max 100)"), the maximum, and its default.
 */
function parameter(raw, spec) {
  const p = { ...raw, ...(raw.$ref ? strip(raw, spec) : {}) };
  const resolved = raw.$ref
    ? raw.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o?.[k], spec)
    : raw;
  const max = /\(max (\d+)\)/.exec(resolved?.description ?? '')?.[1];
  return {
    name: p.name,
    in: p.in,
    required: p.required === true,
    ...(max ? { max: Number(max) } : {}),
    ...(typeof p.schema?.default === 'number' ? { default: p.schema.default } : {}),
  };
}

/**
 * The media types an operation documents: the custom ones its description lists ("This endpoint supports the
 * following custom media types: - **`application/vnd.github.raw+json`**…") and the content types of its 2xx
 * answers. Any operation also takes GitHub's default media types (the request check adds them).
 */
function mediaTypes(o) {
  const listed = [...(o.description ?? '').matchAll(/\*\*`(application\/[a-z0-9.+-]+)`\*\*/g)].map((m) => m[1]);
  const answered = Object.entries(o.responses ?? {})
    .filter(([code]) => /^2/.test(code))
    .flatMap(([, r]) => Object.keys(r.content ?? {}));
  return [...new Set([...listed, ...answered])].sort();
}

/** The caps an operation's description documents on what one answer lists (compare: 300 files, 250 commits). */
const LIMITS = [
  ['files', /includes up to ([\d,]+) changed files/],
  ['files', /maximum of ([\d,]+) files/],
  ['commits', /limited to ([\d,]+) commits/],
];
function listLimits(o) {
  const limits = {};
  for (const [what, re] of LIMITS) {
    const m = re.exec(o.description ?? '');
    if (m) limits[what] = Number(m[1].replace(/,/g, ''));
  }
  return Object.keys(limits).length ? { limits } : {};
}

export function buildSubset(spec) {
  const operations = {};
  for (const op of OPERATIONS) {
    const [method, path] = op.split(' ');
    const o = spec.paths[path]?.[method.toLowerCase()];
    if (!o) throw new Error(`${op}: not in the OpenAPI description`);
    const body = o.requestBody ? strip(o.requestBody, spec) : undefined;
    const schema = body?.content?.['application/json']?.schema;
    operations[op] = {
      operationId: o.operationId,
      parameters: (o.parameters ?? []).map((p) => parameter(p, spec)),
      ...(schema ? { requestBody: { required: body.required === true, schema } } : {}),
      mediaTypes: mediaTypes(o),
      ...listLimits(o),
    };
  }
  return {
    source: `@octokit/openapi ${require('@octokit/openapi/package.json').version} api.github.com`,
    operations,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const spec = JSON.parse(readFileSync(specPath, 'utf8'));
  const out = join(root, 'test', 'fixtures', 'github', 'openapi-subset.json');
  writeFileSync(out, `${JSON.stringify(buildSubset(spec), null, 1)}\n`);
  console.log(`wrote ${out}`);
}

import { readFileSync } from 'node:fs';
import { validate as validateGraphql } from '@octokit/graphql-schema';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

interface Operation {
  operationId: string;
  parameters: { name: string; in: string; required: boolean; max?: number; default?: number }[];
  requestBody?: { required: boolean; schema: object };
  mediaTypes: string[];
  limits?: ListLimits;
}

/** What one answer of a list operation holds at most, as its description documents it. */
export interface ListLimits {
  readonly files?: number;
  readonly commits?: number;
}

/**
 * Media types every operation takes (GitHub's REST docs, "Media types"): the recommended
 * `application/vnd.github+json`, the v3 form Octokit sends by default, plain JSON and any. An operation's own
 * custom media types come from its description (the subset's `mediaTypes`).
 */
export const DEFAULT_MEDIA_TYPES = [
  'application/vnd.github+json',
  'application/vnd.github.v3+json',
  'application/json',
  '*/*',
];

interface Compiled {
  key: string;
  method: string;
  regex: RegExp;
  names: string[];
  literal: number;
  op: Operation;
  validate?: ValidateFunction;
}

export interface MatchedRequest {
  /** 'METHOD /path/{template}' of the OpenAPI operation. */
  readonly key: string;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  /** The page size the answer has: `per_page` (or its documented default), at most the documented maximum. */
  readonly perPage?: number;
  readonly limits?: ListLimits;
}

/** Path parameters that hold slashes (git refs, file paths, `base...head`). */
const MULTI_SEGMENT = new Set(['ref', 'path', 'basehead', 'branch']);

const subset = JSON.parse(
  readFileSync(new URL('../../fixtures/github/openapi-subset.json', import.meta.url), 'utf8'),
) as { operations: Record<string, Operation> };

/**
 * A GraphQL request, checked against GitHub's published GraphQL schema (@octokit/graphql-schema, its `validate`):
 * the query must be valid (fields, arguments and types exist), and the variables sent must be the ones it declares,
 * the required ones given. GraphQL is not in the REST description; this is its equivalent.
 */
function checkGraphql(body: unknown, u: URL): { ok: true; match: MatchedRequest } | { ok: false; problems: string[] } {
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
  if (typeof query !== 'string') return { ok: false, problems: ['POST /graphql: the body has no query'] };
  const problems = validateGraphql(query).map((e) => `POST /graphql: ${e.message}`);
  const declared = [...query.matchAll(/\$(\w+)\s*:\s*([\w![\]]+)/g)].map((m) => ({ name: m[1]!, required: m[2]!.endsWith('!') }));
  for (const name of Object.keys(variables ?? {}))
    if (!declared.some((d) => d.name === name)) problems.push(`POST /graphql: variable $${name} is not declared`);
  for (const d of declared)
    if (d.required && (variables?.[d.name] === undefined || variables[d.name] === null))
      problems.push(`POST /graphql: required variable $${d.name} is missing`);
  return problems.length ? { ok: false, problems } : { ok: true, match: { key: 'POST /graphql', params: {}, query: u.searchParams } };
}

/**
 * Checks requests against GitHub's REST description (the committed subset of @octokit/openapi): the method and
 * path must match an operation's template, query parameters must be the operation's (per_page within its
 * documented maximum), a JSON body must validate against the operation's request schema, and the Accept header
 * must name media types the operation documents. Returns the match (with the page size and list limits the
 * simulated GitHub applies), or the reasons the request is wrong.
 */
export function createConformance() {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('repo.nwo', /^[^/\s]+\/[^/\s]+$/);
  const ops: Compiled[] = Object.entries(subset.operations).map(([key, op]) => {
    const [method, template] = key.split(' ') as [string, string];
    const names: string[] = [];
    const pattern = template
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\{([a-z_]+)\}/g, (_m, name: string) => {
        names.push(name);
        return MULTI_SEGMENT.has(name) ? '(.+)' : '([^/]+)';
      });
    return {
      key,
      method,
      regex: new RegExp(`^${pattern}$`),
      names,
      literal: template.replace(/\{[a-z_]+\}/g, '').length,
      op,
    };
  });
  ops.sort((a, b) => b.literal - a.literal);
  return {
    /**
     * With `headers` (lower-case names), the `Accept` header must name only media types the operation documents,
     * and `per_page` may not pass its documented maximum (GitHub answers that many at most, so code asking for
     * more would take a full page for the end of the list).
     */
    check(
      method: string,
      url: string,
      body: unknown,
      headers?: Record<string, string | string[] | undefined>,
    ): { ok: true; match: MatchedRequest } | { ok: false; problems: string[] } {
      const u = new URL(url);
      const path = decodeURIComponent(u.pathname);
      if (method === 'POST' && path === '/graphql') return checkGraphql(body, u);
      const found = ops.find((o) => o.method === method && o.regex.test(path));
      if (!found)
        return {
          ok: false,
          problems: [`${method} ${u.pathname}: no such operation in GitHub's REST description (subset)`],
        };
      const m = found.regex.exec(path)!;
      const params = Object.fromEntries(found.names.map((n, i) => [n, m[i + 1]!]));
      const problems: string[] = [];
      const queryNames = new Set(found.op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
      for (const name of u.searchParams.keys())
        if (!queryNames.has(name)) problems.push(`${found.key}: unknown query parameter "${name}"`);
      const perPage = found.op.parameters.find((p) => p.name === 'per_page');
      const asked = u.searchParams.get('per_page');
      if (
        perPage?.max !== undefined &&
        asked !== null &&
        !(Number(asked) >= 1 && Number(asked) <= perPage.max)
      )
        problems.push(
          `${found.key}: per_page ${asked} is outside 1..${perPage.max} (the documented maximum)`,
        );
      const accept = headers?.accept;
      if (accept !== undefined) {
        const allowed = new Set([...DEFAULT_MEDIA_TYPES, ...found.op.mediaTypes]);
        for (const type of String(accept)
          .split(',')
          .map((t) => t.split(';')[0]!.trim().toLowerCase()))
          if (type && !allowed.has(type))
            problems.push(
              `${found.key}: Accept "${type}" is not a media type this operation documents (${[...allowed].join(', ')})`,
            );
      }
      const schema = found.op.requestBody?.schema;
      if (schema) {
        found.validate ??= ajv.compile(schema);
        if (body === undefined && found.op.requestBody!.required)
          problems.push(`${found.key}: a request body is required`);
        else if (body !== undefined && !found.validate(body)) {
          for (const e of found.validate.errors ?? [])
            problems.push(
              `${found.key}: body${e.instancePath || ''} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`,
            );
        }
      } else if (body !== undefined && body !== null && method !== 'GET' && Object.keys(body).length > 0) {
        problems.push(`${found.key}: takes no request body`);
      }
      return problems.length
        ? { ok: false, problems }
        : {
            ok: true,
            match: {
              key: found.key,
              params,
              query: u.searchParams,
              ...(perPage
                ? { perPage: Math.min(Number(asked ?? perPage.default ?? 30), perPage.max ?? Infinity) }
                : {}),
              ...(found.op.limits ? { limits: found.op.limits } : {}),
            },
          };
    },
  };
}

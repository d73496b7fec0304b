import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

interface Operation {
  operationId: string;
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { required: boolean; schema: object };
}

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
}

/** Path parameters that hold slashes (git refs, file paths, `base...head`). */
const MULTI_SEGMENT = new Set(['ref', 'path', 'basehead']);

const subset = JSON.parse(
  readFileSync(new URL('../../fixtures/github/openapi-subset.json', import.meta.url), 'utf8'),
) as { operations: Record<string, Operation> };

/**
 * Checks requests against GitHub's REST description (the committed subset of @octokit/openapi): the method and
 * path must match an operation's template, query parameters must be the operation's, and a JSON body must
 * validate against the operation's request schema. Returns the match, or the reasons the request is wrong.
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
    check(
      method: string,
      url: string,
      body: unknown,
    ): { ok: true; match: MatchedRequest } | { ok: false; problems: string[] } {
      const u = new URL(url);
      const path = decodeURIComponent(u.pathname);
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
        : { ok: true, match: { key: found.key, params, query: u.searchParams } };
    },
  };
}

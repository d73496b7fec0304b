import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Expressions from '@actions/expressions';
import type * as ExpressionResult from '@actions/expressions/result';
import type * as Parser from '@actions/workflow-parser';
import type * as ActionParser from '@actions/workflow-parser/actions/index';
import { conformanceCache } from './conformance-cache.js';

/** GitHub's workflow and action parser (@actions/workflow-parser) and expression engine (@actions/expressions). */
export type WorkflowParser = typeof Parser &
  Pick<typeof ActionParser, 'parseAction' | 'convertActionTemplate'> & {
    readonly expressions: typeof Expressions;
    readonly truthy: typeof ExpressionResult.truthy;
  };

let loaded: Promise<WorkflowParser> | undefined;

/** The parser, from its esbuild bundle (Node 20 cannot import the package's JSON schemas itself). */
export function loadWorkflowParser(): Promise<WorkflowParser> {
  loaded ??= import(
    pathToFileURL(join(conformanceCache(), 'workflow-parser.mjs')).href
  ) as Promise<WorkflowParser>;
  return loaded;
}

const located = (e: { message: string }) => e.message;

/**
 * Parses a workflow file as GitHub does (the workflow schema, its expressions) and converts it to the workflow
 * model (jobs, needs, steps, events, inputs). Returns every error either step reports, and the converted template.
 */
export async function parseAndConvertWorkflow(
  name: string,
  content: string,
): Promise<{ errors: string[]; template: Awaited<ReturnType<WorkflowParser['convertWorkflowTemplate']>> }> {
  const p = await loadWorkflowParser();
  const parsed = p.parseWorkflow({ name, content }, new p.NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map(located);
  if (!parsed.value)
    return {
      errors: errors.length ? errors : [`${name}: nothing parsed`],
      template: { errors: [] } as never,
    };
  const template = await p.convertWorkflowTemplate(parsed.context, parsed.value);
  for (const e of template.errors ?? []) if (!errors.includes(e.Message)) errors.push(e.Message);
  for (const e of parsed.context.errors.getErrors().map(located)) if (!errors.includes(e)) errors.push(e);
  return { errors, template };
}

/** Parses an action.yml with the parser's action-metadata schema and converts it; returns the errors. */
export async function parseActionMetadata(name: string, content: string): Promise<string[]> {
  const p = await loadWorkflowParser();
  const parsed = p.parseAction({ name, content }, new p.NoOperationTraceWriter());
  if (parsed.value) p.convertActionTemplate(parsed.context, parsed.value);
  return parsed.context.errors.getErrors().map(located);
}

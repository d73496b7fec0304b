import { parse } from 'yaml';

interface InputDefinition {
  readonly type?: string;
  readonly required?: boolean;
  readonly default?: unknown;
  readonly options?: readonly unknown[];
}

/**
 * GitHub's rules for the inputs of a workflow_dispatch, each with its source. The REST description
 * (@octokit/openapi) gives the count (`maxProperties: 25`), which the request check applies too; the rest is
 * GitHub's documentation of `on.workflow_dispatch.inputs` and of the dispatch endpoint's 422 answers.
 */
export const DISPATCH_INPUT_RULES = [
  ['at most 25 inputs', 'REST description: createWorkflowDispatch body, inputs maxProperties 25'],
  [
    'at most 65,535 characters of inputs',
    'docs: Workflow syntax, on.workflow_dispatch.inputs ("maximum payload for inputs is 65,535 characters")',
  ],
  [
    'only declared inputs ("Unexpected inputs provided")',
    'docs: REST "Create a workflow dispatch event" (422)',
  ],
  [
    'every required input without a default is given ("Required input … not provided")',
    'docs: Workflow syntax, inputs.<id>.required',
  ],
  ['a choice input is one of its options', 'docs: Workflow syntax, inputs.<id>.type choice / options'],
  ['a boolean input is true or false; a number input is a number', 'docs: Workflow syntax, inputs.<id>.type'],
] as const;

const MAX_INPUTS = 25;
const MAX_INPUT_CHARS = 65_535;

/** The workflow_dispatch inputs a workflow file declares, or undefined when it has no workflow_dispatch trigger. */
export function readDispatchInputs(workflowText: string): Record<string, InputDefinition> | undefined {
  const on = (parse(workflowText) as { on?: unknown } | null)?.on;
  if (on === 'workflow_dispatch' || (Array.isArray(on) && on.includes('workflow_dispatch'))) return {};
  if (!on || typeof on !== 'object' || !('workflow_dispatch' in on)) return undefined;
  const wd = (on as { workflow_dispatch?: { inputs?: Record<string, InputDefinition> } | null })
    .workflow_dispatch;
  return wd?.inputs ?? {};
}

/**
 * Checks the inputs of a dispatch of a workflow as GitHub would (DISPATCH_INPUT_RULES): returns GitHub's reasons
 * to answer 422, none when it would accept the dispatch.
 */
export function checkDispatchInputs(workflowText: string, inputs: Record<string, unknown>): string[] {
  const declared = readDispatchInputs(workflowText);
  if (!declared) return ["Workflow does not have 'workflow_dispatch' trigger"];
  const problems: string[] = [];
  const names = Object.keys(inputs);
  if (names.length > MAX_INPUTS) problems.push(`${names.length} inputs: at most ${MAX_INPUTS} are allowed`);
  const chars = JSON.stringify(inputs).length;
  if (chars > MAX_INPUT_CHARS)
    problems.push(`the inputs take ${chars} characters: at most ${MAX_INPUT_CHARS} are allowed`);
  const unexpected = names.filter((n) => !(n in declared));
  if (unexpected.length) problems.push(`Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  for (const [name, d] of Object.entries(declared)) {
    const value = inputs[name];
    if (value === undefined) {
      if (d.required === true && d.default === undefined)
        problems.push(`Required input '${name}' not provided`);
      continue;
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      problems.push(`input '${name}': a value must be a string, number or boolean`);
      continue;
    }
    const text = String(value);
    if (d.type === 'choice' && !(d.options ?? []).map(String).includes(text))
      problems.push(`Provided value '${text}' for input '${name}' not in the list of allowed values`);
    else if (d.type === 'boolean' && text !== 'true' && text !== 'false')
      problems.push(`Provided value '${text}' for input '${name}' is not a boolean`);
    else if (d.type === 'number' && (text.trim() === '' || !Number.isFinite(Number(text))))
      problems.push(`Provided value '${text}' for input '${name}' is not a number`);
  }
  return problems;
}

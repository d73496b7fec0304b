import type { BootstrapAutoFix, BootstrapValidationIssue, RouterConfig } from '../contracts/index.js';

/**
 * Makes every route of a router config end on an available tool: a rule (or the defaults) none of whose tools is
 * available gets `shell` as its last resort. Each tool that is missing is a warning; each fix is reported.
 * `available` says whether a tool id can run here. Mutates `config`.
 */
export function fixRouter(
  config: RouterConfig,
  path: string,
  available: (toolId: string) => boolean,
): { warnings: BootstrapValidationIssue[]; fixes: BootstrapAutoFix[] } {
  const warnings: BootstrapValidationIssue[] = [];
  const fixes: BootstrapAutoFix[] = [];
  const missing = Object.keys(config.tools ?? {}).filter((id) => config.tools?.[id]?.kind === 'tool' && !available(id));
  for (const id of missing) warnings.push({ path, pointer: `/tools/${id}`, message: `${id} is not on PATH; steps routed to it fall back to the next tool` });
  (config.rules ?? []).forEach((rule, i) => {
    if (rule.tools.some(available)) return;
    rule.tools.push('shell');
    fixes.push({ path, pointer: `/rules/${i}/tools`, description: `none of ${rule.tools.slice(0, -1).join(', ')} is available: added shell as the last resort of rule ${rule.rule_id}` });
  });
  const d = config.defaults;
  if (d && !available(d.tool_id) && !(d.fallbacks ?? []).some(available)) {
    d.fallbacks = [...(d.fallbacks ?? []), 'shell'];
    fixes.push({ path, pointer: '/defaults/fallbacks', description: `neither ${d.tool_id} nor its fallbacks are available: added shell as the last fallback` });
  }
  return { warnings, fixes };
}

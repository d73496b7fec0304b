import { Ajv } from 'ajv';
import type { DocumentIssue } from '../../core/errors.js';
import { DEFAULT_APP_CONFIG, type AppConfig } from './app-config.js';
import { appConfigSchema } from './app-config-schema.js';
import { checkAutomationConfig, withAutomationDefaults } from './check-automation-config.js';

export type AppConfigResult = { ok: true; value: AppConfig } | { ok: false; issues: DocumentIssue[] };

let validate: ReturnType<Ajv['compile']> | undefined;

/** Validates a parsed `.github/uet.yml` (null or empty means defaults) and applies the defaults. Pure. */
export function validateAppConfig(doc: unknown): AppConfigResult {
  if (doc === null || doc === undefined) return { ok: true, value: DEFAULT_APP_CONFIG };
  validate ??= new Ajv({ allErrors: true, strict: true }).compile(appConfigSchema);
  if (!validate(doc)) {
    const issues = (validate.errors ?? []).map((e) => {
      const extra =
        e.keyword === 'additionalProperties'
          ? `: unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`
          : '';
      const allowed =
        e.keyword === 'enum'
          ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
          : '';
      return { pointer: e.instancePath, message: `${e.message ?? 'is invalid'}${allowed}${extra}` };
    });
    return { ok: false, issues };
  }
  const raw = doc as Partial<AppConfig>;
  const automation = checkAutomationConfig(raw);
  if (automation.length) return { ok: false, issues: automation };
  return {
    ok: true,
    value: {
      ...DEFAULT_APP_CONFIG,
      ...raw,
      ...withAutomationDefaults(raw),
      budgets: { ...raw.budgets },
      policy: { ...raw.policy },
    },
  };
}

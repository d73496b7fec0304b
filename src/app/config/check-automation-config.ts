import type { DocumentIssue } from '../../core/errors.js';
import { parseCron } from '../../core/schedule/index.js';
import { DEFAULT_AUTOMATION_CONFIG, DEFAULT_LOCKS_CONFIG, type ApprovalConfig, type AutomationConfig, type LocksConfig } from './automation-config.js';

type Raw = Partial<Record<keyof AutomationConfig, unknown>>;

/**
 * What the schema cannot say about the automation keys (run after it passed): each schedule's cron parses and fires
 * (`/schedules/<i>/cron`), and schedule ids are unique (`/schedules/<i>/id`). Pure.
 */
export function checkAutomationConfig(doc: Raw): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const seen = new Set<string>();
  const schedules = (doc.schedules ?? []) as AutomationConfig['schedules'];
  schedules.forEach((s, i) => {
    const cron = parseCron(s.cron);
    if (!cron.ok) issues.push({ pointer: `/schedules/${i}/cron`, message: `schedule "${s.id}": cron \`${s.cron}\` ${cron.message}` });
    if (seen.has(s.id)) issues.push({ pointer: `/schedules/${i}/id`, message: `schedule id "${s.id}" is used twice` });
    seen.add(s.id);
  });
  return issues;
}

/** The automation keys with their defaults. */
export function withAutomationDefaults(doc: Raw): AutomationConfig {
  const approval = doc.require_approval as Partial<ApprovalConfig> | undefined;
  return {
    schedules: (doc.schedules as AutomationConfig['schedules'] | undefined) ?? DEFAULT_AUTOMATION_CONFIG.schedules,
    runners: (doc.runners as AutomationConfig['runners'] | undefined) ?? DEFAULT_AUTOMATION_CONFIG.runners,
    requirements: (doc.requirements as AutomationConfig['requirements'] | undefined) ?? DEFAULT_AUTOMATION_CONFIG.requirements,
    ...(doc.locks ? { locks: { ...DEFAULT_LOCKS_CONFIG, ...(doc.locks as Partial<LocksConfig>) } } : {}),
    ...(approval
      ? {
          require_approval: {
            for: approval.for ?? ['run', 'fix', 'schedule'],
            approvers: approval.approvers ?? [],
            min: approval.min ?? 1,
            allow_self_approval: approval.allow_self_approval ?? false,
          },
        }
      : {}),
  };
}

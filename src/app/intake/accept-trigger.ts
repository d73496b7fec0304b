import { claimTrigger } from '../../adapters/github/claim-trigger.js';
import { DEFAULT_APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { readAppConfig } from '../config/read-app-config.js';
import { authorizeSender, type Sender } from '../gate/authorize-sender.js';
import { reactEyes, reply } from '../report/reply.js';
import type { RepoScope } from '../scope/repo-scope.js';

export interface TriggerIntake {
  readonly scope: RepoScope;
  readonly deliveryId: string;
  readonly sender: Sender;
  /** The trigger is the app's own (its comment, its label change). */
  readonly own: boolean;
  /** The trigger key claimed on GitHub (comment id, issue + label event, check + delivery). */
  readonly claimKey: string;
  /** Where refusals and configuration errors are answered; nothing is posted without it. */
  readonly replyTo?: number;
  /** What gets the 👀 reaction once the trigger is accepted. */
  readonly react?: { commentId: number } | { issueNumber: number };
  /** Whether the trigger concerns UET under this configuration (a label): checked before the claim. */
  readonly relevant?: (config: AppConfig) => boolean;
}

const QUIET_NOTE = ' UET will not answer your commands in this repository again for 10 minutes.';

export type Accepted = { ok: true; runId: string; config: AppConfig } | { ok: false };

/**
 * The front door of every trigger, in this order: ignore itself, drop a sender refused within the last 10 minutes
 * (no request at all: refusal-limiter.ts), then authorization (bots silently, people by their permission: the first
 * request), then the atomic trigger claim (a duplicate stops here, silently), the 👀
 * reaction, and the configuration from the default branch (its errors are answered on the PR or issue).
 */
export async function acceptTrigger(i: TriggerIntake): Promise<Accepted> {
  const { scope } = i;
  const readConfig = async () => {
    const read = await readAppConfig(scope.gh, scope.repo, scope.defaultBranch);
    return read.ok ? read.value : DEFAULT_APP_CONFIG;
  };
  if (i.own) return { ok: false };
  const sender = `${scope.fullName}:${i.sender.login}`;
  if (scope.refusals?.muted(sender)) {
    scope.log.info(`uet: trigger ${i.claimKey} by ${i.sender.login} dropped: refused less than 10 minutes ago`);
    return { ok: false };
  }
  const auth = await authorizeSender(scope, i.sender, { own: i.own, readConfig });
  if (!auth.ok) {
    scope.refusals?.note(sender);
    if (auth.reply !== undefined && i.replyTo !== undefined)
      await reply(scope, i.replyTo, `${auth.reply}${scope.refusals ? QUIET_NOTE : ''}`);
    scope.log.info(`uet: trigger ${i.claimKey} by ${i.sender.login} refused`);
    return { ok: false };
  }
  let config = i.relevant ? await readAppConfig(scope.gh, scope.repo, scope.defaultBranch) : undefined;
  if (config?.ok && !i.relevant!(config.value)) return { ok: false };
  const claim = await claimTrigger(scope.gh, scope.repo, i.claimKey, i.deliveryId, scope.ids.newId());
  if (claim.status === 'duplicate') {
    scope.log.info(`uet: trigger ${i.claimKey} was already claimed by delivery ${claim.deliveryId}: ignored`);
    return { ok: false };
  }
  if (i.react) await reactEyes(scope, i.react);
  config ??= await readAppConfig(scope.gh, scope.repo, scope.defaultBranch);
  if (!config.ok) {
    if (i.replyTo !== undefined) {
      const lines = config.issues.map((x) => `- \`.github/uet.yml\` ${x.pointer || '/'}: ${x.message}`);
      await reply(
        scope,
        i.replyTo,
        [
          'UET cannot start: its configuration on the default branch is invalid.',
          '',
          ...lines,
          '',
          'See docs/github-app.md#configuration.',
        ].join('\n'),
      );
    }
    return { ok: false };
  }
  return { ok: true, runId: claim.runId, config: config.value };
}

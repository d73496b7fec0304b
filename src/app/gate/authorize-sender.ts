import type { AppConfig } from '../config/app-config.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { readPermission, type Permission } from './read-permission.js';

export interface Sender {
  readonly login: string;
  readonly type: string;
}

export type Authorization =
  | { ok: true; permission: Permission | 'allowed_bot' }
  /** Refused: `reply` is the short explanation to post, absent when UET must stay silent (bots, itself). */
  | { ok: false; reply?: string };

export interface AuthorizeOptions {
  /** Whether the trigger is the app's own doing (its comment, its label): ignored without a request. */
  readonly own: boolean;
  /** Reads the configuration, for bots only (allowed_bots); people are checked before any configuration is read. */
  readonly readConfig: () => Promise<AppConfig>;
}

/**
 * Who may trigger UET. The app never reacts to itself. Bots are ignored silently (never answer a bot: loops) unless
 * listed in allowed_bots. For people the permission check is the first request of the webhook, before any
 * configuration, bundle or pull request is read: admin and write (maintain) may run; read (triage) and none are
 * refused with a short reply. An untrusted trigger costs one request and learns nothing.
 */
export async function authorizeSender(
  scope: RepoScope,
  sender: Sender,
  options: AuthorizeOptions,
): Promise<Authorization> {
  if (options.own) return { ok: false };
  if (sender.type === 'Bot' || sender.login.endsWith('[bot]')) {
    const config = await options.readConfig();
    return config.allowed_bots.includes(sender.login)
      ? { ok: true, permission: 'allowed_bot' }
      : { ok: false };
  }
  const permission = await readPermission(scope, sender.login);
  if (permission === 'admin' || permission === 'write') return { ok: true, permission };
  return {
    ok: false,
    reply: `@${sender.login} UET runs only for collaborators with write access to this repository (you have ${permission === 'none' ? 'no' : permission} access). Ask a maintainer to run the command.`,
  };
}

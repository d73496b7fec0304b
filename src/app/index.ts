import type { ApplicationFunction } from 'probot';
import { createUetApp } from './create-uet-app.js';

/**
 * The UET GitHub App, for `npm start` (src/app/main.ts), `probot run ./lib/app/index.js` or `probot.load()`. The entry point:
 * the only place that reads the environment (APP_ID; UET_RECONCILE_INTERVAL_MS, default 300000, 0 turns it off).
 */
const uetApp: ApplicationFunction = (app, options) => {
  const appId = Number(process.env.APP_ID);
  const interval = process.env.UET_RECONCILE_INTERVAL_MS;
  return createUetApp({
    ...(Number.isSafeInteger(appId) && appId > 0 ? { appId } : {}),
    ...(interval !== undefined && interval !== '' ? { reconcileIntervalMs: Number(interval) } : {}),
  })(app, options);
};

export default uetApp;

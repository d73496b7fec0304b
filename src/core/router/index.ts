export * from './route-request.js';
export * from './built-in-tools.js';
export * from './normalize-router-config.js';
export * from './match-rule.js';
export * from './choose-tool.js';
export * from './route-step.js';
export * from './build-route-request.js';

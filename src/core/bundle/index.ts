export * from './dag.js';
export * from './build-plan.js';
export * from './defaults.js';
export * from './check-step-env.js';
export * from './plan-repairs.js';

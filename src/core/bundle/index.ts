export * from './dag.js';
export * from './build-plan.js';
export * from './defaults.js';

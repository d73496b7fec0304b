export * from './parse-inline-metadata.js';
export * from './parse-plan-markdown.js';
export * from './slugify.js';
export * from './build-task-step.js';
export * from './convert-plan.js';

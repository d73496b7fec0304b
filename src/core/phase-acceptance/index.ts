export * from './parse-acceptance-expression.js';
export * from './evaluate-acceptance.js';
export * from './evaluate-criteria.js';

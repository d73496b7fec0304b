export * from './scopes-overlap.js';
export * from './lock-scope.js';
export * from './lock-table.js';
export * from './lock-document.js';

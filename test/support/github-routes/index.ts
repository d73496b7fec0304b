export * from './build-repo-facts.js';
export * from './compare-json.js';
export * from './github-route.js';
export * from './github-routes.js';
export * from './github-state.js';
export * from './paginate.js';
export * from './seed-collaborators.js';

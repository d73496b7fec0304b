export * from './build-prompt-sections.js';
export * from './render-prompt-text.js';
export * from './build-prompt-id.js';
export * from './build-tool-prompt.js';
export * from './render-gate-failure.js';

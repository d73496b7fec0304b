export * from './create-model-stand-in.js';
export * from './model-turn.js';
export * from './scripts.js';

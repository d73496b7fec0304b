export * from './tool-adapter.js';
export * from './tool-adapters.js';
export * from './shell-adapter.js';
export * from './build-tool-env.js';
export * from './classify-exit.js';
export * from './run-process.js';
export * from './output-sink.js';

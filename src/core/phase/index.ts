export * from './compile-phase.js';

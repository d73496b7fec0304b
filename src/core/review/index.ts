export * from './build-fix-bundle.js';
export * from './instruction-files.js';

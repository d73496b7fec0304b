export * from './credential-names.js';
export * from './create-redactor.js';

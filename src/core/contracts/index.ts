export type { ContractName } from './contract-name.js';
export * from './types.generated.js';
export * from './validate-document.js';
export * from './detect-contract.js';

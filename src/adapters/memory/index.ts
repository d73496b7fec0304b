export * from './memory-event-store.js';
export * from './virtual-clock.js';
export * from './counter-id-source.js';

export * from './parse-cron.js';
export * from './slot-key.js';
export * from './decide-schedule-slot.js';

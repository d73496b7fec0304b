import type { IdSource } from '../../core/ports.js';

/** Deterministic ids for tests and simulations: `<prefix>-000001`, `<prefix>-000002`, … (sortable up to 999999). */
export function createCounterIdSource(prefix = 'id'): IdSource {
  let n = 0;
  return { newId: () => `${prefix}-${String(++n).padStart(6, '0')}` };
}

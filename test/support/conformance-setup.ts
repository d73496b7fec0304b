import { conformanceCache } from './conformance/conformance-cache.js';

/** vitest global setup: builds the conformance cache once, before the test workers start. */
export default function setup(): void {
  conformanceCache();
}

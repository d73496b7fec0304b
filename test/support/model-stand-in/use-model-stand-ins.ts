import { afterEach } from 'vitest';
import { createModelStandIn, type ModelStandIn } from './create-model-stand-in.js';

/**
 * For a test file: a function that starts a model stand-in (createModelStandIn) and closes it after the test that
 * started it, pass or fail. Call it at the top level of the file. Not re-exported by index.ts: it needs vitest.
 */
export function useModelStandIns(): (...args: Parameters<typeof createModelStandIn>) => Promise<ModelStandIn> {
  const open: ModelStandIn[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return async (...args) => {
    const s = await createModelStandIn(...args);
    open.push(s);
    return s;
  };
}

import { describe, expect, it } from 'vitest';
import { createToolRegistry } from '../../../src/adapters/tools/create-tool-registry.js';
import type { RouterConfig } from '../../../src/core/contracts/index.js';
import { knownToolIds } from '../../../src/core/run/index.js';

describe('knownToolIds', () => {
  // The pure check must know exactly the tools the run's registry (the adapter side) will have.
  it('is the set of ids createToolRegistry builds, for built-ins, custom adapters, configured tools and aliases', () => {
    const configs: RouterConfig[] = [
      { version: '1.0.0' },
      {
        version: '1.0.0',
        custom_adapters: { mytool: { module: 'adapters/my.mjs' }, shell: { module: 'x.mjs' } },
        tools: {
          'claude-opus': { kind: 'tool', adapter: 'claude', model: 'opus' },
          codex: { kind: 'tool', min_version: '0.170.0' },
          fast: { kind: 'tool', adapter: 'mytool' },
          pytest: { kind: 'validator' },
          orphan: { kind: 'tool', adapter: 'nowhere' },
        },
      },
    ];
    for (const config of configs)
      expect([...knownToolIds(config)].sort()).toEqual([...createToolRegistry(config, '/nonexistent').keys()].sort());
  });
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one worker less than the cores: one worker on a 2-core machine, where the e2e files spend
    // most of their time waiting for git, runners and CLIs they spawn. Three workers take the suite from about 14 to
    // about 8 minutes there (the whole suite passed so at load 4-7); the timeouts above leave room for the slower CPU.
    maxWorkers: 3,
    // Bundles @actions/workflow-parser and compiles the webhook schemas once, before the workers start.
    globalSetup: ['test/support/conformance-setup.ts'],
  },
});

import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources: the `rapport-source` export condition of every workspace package points
// at src/index.ts. Integration tests that start the built server (crash, Segment client, start-up) use dist/, so
// `npm test` builds first.
export default defineConfig({
  ssr: { resolve: { conditions: ['rapport-source', ...defaultServerConditions] } },
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'packages',
          include: ['packages/*/src/**/*.test.ts', 'tests/architecture/**/*.test.ts', 'tests/docs/**/*.test.ts', 'bench/**/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Suites that start real servers and measure time (start-up under 3 s, kill -9 under load), and the dashboard in
        // a real browser (tests/e2e): one file at a time, after the package suites, so that they do not compete with each
        // other for the two cores.
        extends: true,
        // expect.poll waits up to 10 s: a browser test waits for what a server does in the background (the processor), on
        // two cores shared with the rest of the run.
        test: { name: 'integration', include: ['tests/*.test.ts', 'tests/e2e/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 }, expect: { poll: { timeout: 10_000 } } },
      },
    ],
  },
});

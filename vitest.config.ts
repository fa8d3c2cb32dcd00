import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources: the `rapport-source` export condition of every workspace package points
// at src/index.ts. Integration tests that start the built server (crash, Segment client, start-up) use dist/, so
// `npm test` builds first.
export default defineConfig({
  ssr: { resolve: { conditions: ['rapport-source', ...defaultServerConditions] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tests/**/*.test.ts', 'bench/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

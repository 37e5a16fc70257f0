import { defineConfig } from 'vitest/config';

// Three levels of tests (STYLE.md §9). Integration tests run twice: once on embedded PGlite and
// once on the machine's PostgreSQL (ODNOS_TEST_ENGINE tells the test harness which one).
const integrationFiles = [
  'server/**/*.int.test.ts',
  'cli/**/*.int.test.ts',
  'bench/**/*.int.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'server/**/*.test.ts',
            'common/**/*.test.ts',
            'web/**/*.test.ts',
            'web/**/*.test.tsx',
            'cli/**/*.test.ts',
            'bench/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration-pglite',
          include: integrationFiles,
          env: { ODNOS_TEST_ENGINE: 'pglite' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration-postgres',
          include: integrationFiles,
          env: { ODNOS_TEST_ENGINE: 'postgres' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

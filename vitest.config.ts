import { defineConfig } from 'vitest/config';

/**
 * Three projects:
 * - `checklist`: the checklist items (tests/pre, tests/smoke, tests/verify), run by `npm run checklist`,
 *   which hands them the target and an Allure results directory (CHECKLIST_RESULTS_DIR);
 * - `unit`: this project's own fast tests (test/**, fixtures' own tests excluded);
 * - `faults`: the fault catalogue, which runs the checklist against seeded faults (slow, serial).
 */
const allureResults = process.env.CHECKLIST_RESULTS_DIR;

export default defineConfig({
  test: {
    reporters: allureResults ? ['default', ['allure-vitest/reporter', { resultsDir: allureResults }]] : ['default'],
    projects: [
      {
        test: {
          name: 'checklist',
          include: ['tests/{pre,smoke,verify}/**/*.test.ts'],
          globalSetup: ['src/checklist/vitest-global-setup.ts'],
          setupFiles: ['allure-vitest/setup'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/faults/**', '**/node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          maxConcurrency: 3,
        },
      },
    ],
  },
});

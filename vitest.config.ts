import { defineConfig } from 'vitest/config';

/**
 * Four projects:
 * - `checklist`: the checklist items (tests/pre, tests/smoke, tests/verify), run by `npm run checklist`,
 *   which hands them the target (CHECKLIST_TARGET_FILE) and an Allure results directory (CHECKLIST_RESULTS_DIR);
 * - `unit`: this project's own fast tests, beside the modules they test (src/**\/*.test.ts);
 * - `integration`: this project's tests against live containers (integration/, the fault catalogue excluded);
 * - `faults`: the fault catalogue, which runs the checklist against seeded faults (integration/faults).
 */
const allureResults = process.env.CHECKLIST_RESULTS_DIR;
/** JUnit XML beside the Allure results, for CI systems that read it (the sign-off stays the authority on statuses). */
const junit = allureResults ? `${allureResults}/../junit/vitest.xml` : undefined;

export default defineConfig({
  test: {
    reporters: allureResults ? ['default', ['allure-vitest/reporter', { resultsDir: allureResults }], ['junit', { suiteName: 'checklist' }]] : ['default'],
    outputFile: junit ? { junit } : undefined,
    projects: [
      {
        test: {
          name: 'checklist',
          include: ['tests/{pre,smoke,verify}/**/*.test.ts'],
          globalSetup: ['src/run/vitest-global-setup.ts'],
          setupFiles: ['allure-vitest/setup'],
          // Measured (npm run bench): with isolation every test file re-imports the harness, ~20-40 s for
          // the whole checklist on 2 cores; without it ~3 s. Items keep no state between them but the target.
          isolate: false,
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['integration/**/*.test.ts'],
          exclude: ['integration/faults/**', '**/node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'faults',
          include: ['integration/faults/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          maxConcurrency: 3,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The fault catalogue is one long file (every fault runs the CLI with its own stack): it starts first,
 * so the other files of `npm test` fill the second worker beside it instead of running after it.
 */
class CatalogueFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (f: TestSpecification) => (f.moduleId.endsWith('integration/faults/catalogue.test.ts') ? 0 : 1);
    return sorted.sort((a, b) => first(a) - first(b));
  }
}

/**
 * Five projects:
 * - `checklist`: the checklist items (tests/pre, tests/smoke, tests/verify), run by `npm run checklist`,
 *   which hands them the target (CHECKLIST_TARGET_FILE) and an Allure results directory (CHECKLIST_RESULTS_DIR);
 * - `unit`: this project's own fast tests, beside the modules they test (src/**\/*.test.ts);
 * - `integration`: this project's tests against live containers (integration/, the fault catalogue excluded);
 * - `faults`: the fault catalogue, which runs the checklist against seeded faults (integration/faults);
 * - `alone`: tests that must not share the machine with other runs, one after the other, after the
 *   others (Vitest runs group 1 after group 0): the catalogue's control (every implemented item against
 *   the good reference stack) and the warm stack (other runs reap a stack whose run's process is gone).
 */
const allureResults = process.env.CHECKLIST_RESULTS_DIR;
/**
 * Workers of `npm test` (unit, integration and faults share them; Vitest's default is cores - 1, one
 * on 2 cores). Measured on 2 cores: with one worker the integration files ran one after the other
 * (450 s, the CPU a third idle), then the catalogue (726 s): 1263 s. With two, the catalogue runs in
 * one worker while the other files take the second.
 */
const WORKERS = 2;
/**
 * Workers of a checklist run's Vitest stages (CHECKLIST_WORKERS, default 3; measured with `npm run
 * bench`, README, Performance). The project's own tests run many checklist runs at once and use 1:
 * with 3 each, `npm test` took 1873 s instead of ~1100 s on 2 cores.
 */
const CHECKLIST_WORKERS = Number(process.env.CHECKLIST_WORKERS ?? 3);
/** JUnit XML beside the Allure results, for CI systems that read it (the sign-off stays the authority on statuses). */
const junit = allureResults ? `${allureResults}/../junit/vitest.xml` : undefined;

export default defineConfig({
  test: {
    sequence: { sequencer: CatalogueFirst },
    reporters: allureResults ? ['default', ['allure-vitest/reporter', { resultsDir: allureResults }], ['junit', { suiteName: 'checklist' }]] : ['default'],
    outputFile: junit ? { junit } : undefined,
    projects: [
      {
        test: {
          name: 'checklist',
          include: ['tests/{pre,smoke,verify,rollback,signoff}/**/*.test.ts'],
          globalSetup: ['src/run/vitest-global-setup.ts'],
          setupFiles: ['allure-vitest/setup'],
          // Measured (npm run bench): with isolation every test file re-imports the harness, ~20-40 s for
          // the whole checklist on 2 cores; without it ~3 s. Items keep no state between them but the target.
          isolate: false,
          pool: 'forks',
          // Vitest's default is cores - 1: one on 2 cores, every file after the other. Most items wait
          // on the target (a latency sample, a leak window, a scrape), so files overlap well; the
          // items that change the stack run in a stage of their own, one file at a time.
          maxWorkers: CHECKLIST_WORKERS,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          maxWorkers: WORKERS,
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['integration/**/*.test.ts'],
          exclude: ['integration/faults/**', 'integration/run/warm-stack.test.ts', '**/node_modules/**'],
          maxWorkers: WORKERS,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // The catalogue's control: nothing else of npm test shares the 2 cores with its load test and
          // latency checks. The warm stack: no other run reaps the kept stack while the test uses it.
          name: 'alone',
          include: ['integration/faults/good-stack.test.ts', 'integration/run/warm-stack.test.ts'],
          testTimeout: 600_000,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'faults',
          include: ['integration/faults/**/*.test.ts'],
          exclude: ['integration/faults/good-stack.test.ts', '**/node_modules/**'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          maxWorkers: WORKERS,
          // Up to four fault runs at once: the catalogue admits more than two only while the CPU has room
          // (integration/faults/gate.ts), so latency-judging items (PRE-10.1, RB-0, VER-5) see the target, not the host.
          maxConcurrency: 4,
        },
      },
    ],
  },
});

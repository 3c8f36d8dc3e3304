import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** Jest's JSON test report, which Vitest's `json` reporter writes too (the fields the items read). */
const testReportSchema = z.object({
  numTotalTests: z.number(),
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number().default(0),
  numTodoTests: z.number().default(0),
  numFailedTestSuites: z.number().default(0),
  success: z.boolean(),
  testResults: z
    .array(
      z.object({
        name: z.string(),
        status: z.string().optional(),
        message: z.string().optional(),
        assertionResults: z.array(z.object({ fullName: z.string().optional(), title: z.string(), status: z.string() })).default([]),
      }),
    )
    .default([]),
});

export interface TestNumbers {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  failedSuites: number;
  /** The runner's own verdict on the tests (not on coverage thresholds). */
  success: boolean;
  /** `file > test name` of each failed test (and each suite that failed to load). */
  failures: string[];
}

/** The numbers of a JSON test report; null when the file is absent; throws when it is not one. */
export function readTestReport(file: string, relativeTo: string): TestNumbers | null {
  if (!existsSync(file)) return null;
  const report = testReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const rel = (name: string) => (name.startsWith(relativeTo) ? name.slice(relativeTo.length + 1) : name);
  const failures = report.testResults.flatMap((suite) => {
    const failed = suite.assertionResults.filter((a) => a.status === 'failed').map((a) => `${rel(suite.name)} > ${a.fullName ?? a.title}`);
    return failed.length || suite.status !== 'failed' ? failed : [`${rel(suite.name)} (the file failed to run: ${(suite.message ?? '').split('\n')[0]})`];
  });
  return {
    total: report.numTotalTests,
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
    failedSuites: report.numFailedTestSuites,
    success: report.success,
    failures,
  };
}

const metricSchema = z.object({ total: z.number(), covered: z.number(), pct: z.union([z.number(), z.string()]) });
const summarySchema = z.object({ total: z.object({ lines: metricSchema, statements: metricSchema, functions: metricSchema, branches: metricSchema }) });
export type CoverageTotals = Record<'lines' | 'statements' | 'functions' | 'branches', { total: number; covered: number; pct: number }>;

/** Istanbul's coverage-summary.json (json-summary reporter) totals; null when absent. */
export function readCoverageSummary(dir: string): CoverageTotals | null {
  const file = join(dir, 'coverage-summary.json');
  if (!existsSync(file)) return null;
  const { total } = summarySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const pct = (m: z.output<typeof metricSchema>) => (typeof m.pct === 'number' ? m.pct : m.total === 0 ? 100 : (100 * m.covered) / m.total);
  return Object.fromEntries(Object.entries(total).map(([k, m]) => [k, { total: m.total, covered: m.covered, pct: pct(m) }])) as CoverageTotals;
}

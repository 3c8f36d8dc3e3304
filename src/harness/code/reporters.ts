import { join } from 'node:path';

/** Test runners whose machine-readable reports the items can ask for. */
export type Runner = 'vitest' | 'jest';

/** Where a run writes its machine-readable reports (absent: the command cannot be asked for them). */
export interface ReportPaths {
  /** A Jest-format JSON test report (Vitest's `json` reporter writes the same format). */
  testReport?: string;
  /** A directory with Istanbul's coverage-summary.json. */
  coverageDir?: string;
}

const TEST_ARGS: Record<Runner, (file: string) => string> = {
  vitest: (f) => `--reporter=default --reporter=json --outputFile.json=${f}`,
  jest: (f) => `--json --outputFile=${f}`,
};
const COVERAGE_ARGS: Record<Runner, (dir: string) => string> = {
  vitest: (d) => `--coverage.enabled --coverage.reporter=json-summary --coverage.reporter=text-summary --coverage.reportsDirectory=${d}`,
  jest: (d) => `--coverage --coverageReporters=json-summary --coverageReporters=text-summary --coverageDirectory=${d}`,
};

/** A single command (no &&, ;, | or redirection): only then can arguments be appended safely. */
const SIMPLE = /^[^;&|<>`$()]+$/;
const NPM_RUN = /^npm\s+(?:run(?:-script)?\s+(\S+)|(test|t))(\s|$)/;

/** The test runner a command line starts, following `npm run X` / `npm test` to the script. */
export function runnerOf(line: string, scripts: Record<string, string>): Runner | null {
  const npm = NPM_RUN.exec(line.trim());
  const command = npm ? scripts[npm[1] ?? 'test'] : line;
  if (!command || !SIMPLE.test(command) || !SIMPLE.test(line)) return null;
  const words = command
    .trim()
    .split(/\s+/)
    .filter((w) => !/^[A-Z_][A-Z0-9_]*=/.test(w));
  const first = words[0] === 'npx' ? words.find((w, i) => i > 0 && !w.startsWith('-')) : words[0];
  return first === 'vitest' || first === 'jest' ? first : null;
}

/**
 * The command line to run, with report paths in `dir`: `{report}` and `{coverage}` in the template
 * are replaced; otherwise, for Vitest or Jest (directly or through an npm script), the reporter
 * arguments are appended. Any other command runs as it is, and is decided by its exit code alone.
 */
export function withReports(
  template: string,
  scripts: Record<string, string>,
  dir: string,
  wants: { coverage: boolean },
): { line: string; reports: ReportPaths } {
  const testReport = join(dir, 'test-report.json');
  const coverageDir = join(dir, 'coverage');
  if (template.includes('{report}') || template.includes('{coverage}')) {
    return {
      line: template.replaceAll('{report}', testReport).replaceAll('{coverage}', coverageDir),
      reports: { ...(template.includes('{report}') ? { testReport } : {}), ...(template.includes('{coverage}') ? { coverageDir } : {}) },
    };
  }
  const runner = runnerOf(template, scripts);
  if (!runner) return { line: template, reports: {} };
  const args = [TEST_ARGS[runner](testReport), ...(wants.coverage ? [COVERAGE_ARGS[runner](coverageDir)] : [])].join(' ');
  const separator = NPM_RUN.test(template.trim()) && !/\s--(\s|$)/.test(template) ? ' -- ' : ' ';
  return { line: `${template}${separator}${args}`, reports: { testReport, ...(wants.coverage ? { coverageDir } : {}) } };
}

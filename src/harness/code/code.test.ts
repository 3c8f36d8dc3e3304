import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAudit } from './audit.js';
import { plannedCommand } from './defaults.js';
import { readCoverageSummary, readTestReport } from './reports.js';
import { runnerOf, withReports } from './reporters.js';
import { NotApplicable } from '../../registry/errors.js';
import type { CodeSettings } from '../../deployment/repo-settings.js';

const dir = () => mkdtempSync(join(tmpdir(), 'code-test-'));

describe('reporters', () => {
  const scripts = { 'test:unit': 'vitest run --project unit', test: 'jest', lint: 'eslint . && prettier --check .' };
  it('follows npm scripts to the runner; compound commands are left alone', () => {
    expect(runnerOf('npm run test:unit', scripts)).toBe('vitest');
    expect(runnerOf('npm test', scripts)).toBe('jest');
    expect(runnerOf('npx vitest run', {})).toBe('vitest');
    expect(runnerOf('npm run lint', scripts)).toBeNull();
    expect(runnerOf('make test', {})).toBeNull();
  });
  it('appends report arguments after -- for npm, or fills {report}', () => {
    expect(withReports('npm run test:unit', scripts, '/r', { coverage: false }).line).toBe(
      'npm run test:unit -- --reporter=default --reporter=json --outputFile.json=/r/test-report.json',
    );
    expect(withReports('npm test', scripts, '/r', { coverage: true }).line).toMatch(
      /^npm test -- --json --outputFile=\/r\/test-report.json --coverage --coverageReporters=json-summary/,
    );
    expect(withReports('mocha --reporter json > {report}', {}, '/r', { coverage: false })).toEqual({
      line: 'mocha --reporter json > /r/test-report.json',
      reports: { testReport: '/r/test-report.json' },
    });
    expect(withReports('make test', {}, '/r', { coverage: false })).toEqual({ line: 'make test', reports: {} });
  });
});

describe('defaults for a Node project', () => {
  const settings = (appDir: string, line?: string): CodeSettings => ({
    appDir,
    commands: {
      unit: line ? { kind: 'command', line } : { kind: 'default' },
      integration: { kind: 'default' },
      coverage: { kind: 'default' },
      typecheck: { kind: 'default' },
      lint: { kind: 'none' },
      audit: { kind: 'default' },
    },
    commandTimeoutMs: 1000,
    coverage: { threshold: 85, metric: 'lines' },
  });
  it("uses package.json scripts, ignores npm init's placeholder test, and says what it looked for", () => {
    const d = dir();
    writeFileSync(
      join(d, 'package.json'),
      JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1', 'test:integration': 'vitest run it' } }),
    );
    expect(plannedCommand('integration', settings(d), d).template).toBe('npm run test:integration');
    expect(() => plannedCommand('unit', settings(d), d)).toThrow(/UNIT_TEST_COMMAND is not set .* has none of package.json scripts test:unit, unit, test/);
    expect(() => plannedCommand('lint', settings(d), d)).toThrow(NotApplicable);
    expect(() => plannedCommand('audit', settings(d), d)).toThrow(/an npm lock file/);
    expect(plannedCommand('unit', settings(d, 'make test'), d)).toMatchObject({ template: 'make test', source: 'UNIT_TEST_COMMAND' });
  });
  it('has no default without a package.json', () => {
    expect(() => plannedCommand('typecheck', settings(dir()), '/')).toThrow(/has no package.json, so there is no default/);
  });
});

describe('machine-readable reports', () => {
  it('reads a Vitest/Jest JSON report with the failed tests by file', () => {
    const d = dir();
    const file = join(d, 'r.json');
    writeFileSync(
      file,
      JSON.stringify({
        numTotalTests: 3,
        numPassedTests: 2,
        numFailedTests: 1,
        numPendingTests: 0,
        numFailedTestSuites: 1,
        success: false,
        testResults: [
          {
            name: `${d}/test/a.test.ts`,
            status: 'failed',
            assertionResults: [
              { title: 'adds', fullName: 'math adds', status: 'failed' },
              { title: 'b', status: 'passed' },
            ],
          },
        ],
      }),
    );
    expect(readTestReport(file, d)).toMatchObject({ total: 3, passed: 2, failed: 1, failures: ['test/a.test.ts > math adds'] });
    expect(readTestReport(join(d, 'absent.json'), d)).toBeNull();
  });
  it('reads coverage-summary.json totals', () => {
    const d = dir();
    const m = (pct: number) => ({ total: 100, covered: pct, skipped: 0, pct });
    writeFileSync(
      join(d, 'coverage-summary.json'),
      JSON.stringify({
        total: { lines: m(54.87), statements: m(54), functions: m(55), branches: m(41), branchesTrue: { total: 0, covered: 0, skipped: 0, pct: 'Unknown' } },
      }),
    );
    expect(readCoverageSummary(d)?.lines.pct).toBe(54.87);
  });
});

describe('dependency scanner output', () => {
  it("npm audit that cannot reach its endpoint is an error with npm's own reason", () => {
    const out = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      body: '',
      error: { summary: '', detail: '' },
    });
    expect(readAudit(out)).toEqual({
      kind: 'error',
      scanner: 'npm audit',
      reason: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    });
  });
  it('counts npm audit v2 and trivy findings per severity', () => {
    const npm = {
      auditReportVersion: 2,
      vulnerabilities: { a: { name: 'a', severity: 'high' }, b: { name: 'b', severity: 'low' } },
      metadata: { vulnerabilities: { info: 0, low: 1, moderate: 0, high: 1, critical: 0, total: 2 } },
    };
    expect(readAudit(JSON.stringify(npm))).toMatchObject({ kind: 'counts', counts: { high: 1, low: 1, critical: 0 }, serious: ['a (high)'] });
    const trivy = {
      Results: [
        {
          Target: 'package-lock.json',
          Vulnerabilities: [
            { PkgName: 'x', Severity: 'CRITICAL' },
            { PkgName: 'y', Severity: 'MEDIUM' },
          ],
        },
      ],
    };
    expect(readAudit(JSON.stringify(trivy))).toMatchObject({
      kind: 'counts',
      scanner: 'trivy',
      counts: { critical: 1, moderate: 1 },
      serious: ['x (critical)'],
    });
    expect(readAudit('all good')).toEqual({ kind: 'unknown' });
  });
});

describe('one run for unit tests and coverage', () => {
  it('without a coverage script, coverage is the Vitest/Jest unit run with coverage requested, shared with PRE-1.1', async () => {
    const { unitRunMeasuresCoverage } = await import('./defaults.js');
    const d = dir();
    writeFileSync(join(d, 'package.json'), JSON.stringify({ scripts: { test: 'vitest run' } }));
    const code: CodeSettings = {
      appDir: d,
      commands: {
        unit: { kind: 'default' },
        integration: { kind: 'default' },
        coverage: { kind: 'default' },
        typecheck: { kind: 'default' },
        lint: { kind: 'default' },
        audit: { kind: 'default' },
      },
      commandTimeoutMs: 1000,
      coverage: { threshold: 85, metric: 'lines' },
    };
    expect(plannedCommand('coverage', code, d).template).toBe('npm test');
    expect(unitRunMeasuresCoverage(code, d)).toBe(true);
    writeFileSync(join(d, 'package.json'), JSON.stringify({ scripts: { test: 'vitest run', coverage: 'vitest run --coverage' } }));
    expect(unitRunMeasuresCoverage(code, d)).toBe(false);
  });
});

import { check, CheckFailed, ItemBroken } from '../../registry/errors.js';
import { commandVariable, type CommandKind } from '../../deployment/repo-settings.js';
import type { Target } from '../../deployment/target.js';
import type { Evidence } from '../evidence.js';
import { outputTail, runTargetCommand, type CommandResult } from './run.js';
import { readAudit } from './audit.js';
import { unitRunMeasuresCoverage } from './defaults.js';

const where = (r: CommandResult) => `\`${r.run.command}\` in ${r.run.cwd} (${r.planned.source})`;
const listed = (items: string[], max = 10) => items.slice(0, max).join('; ') + (items.length > max ? `; and ${items.length - max} more` : '');

/** PRE-1.1 / PRE-1.2: the suite passes (exit 0), ran at least one test, and its report shows no failure. */
export async function decideTests(kind: Extract<CommandKind, 'unit' | 'integration'>, target: Target, evidence: Evidence): Promise<CommandResult> {
  const coverage = kind === 'unit' && unitRunMeasuresCoverage(target.code, target.repoDir);
  const result = await runTargetCommand(kind, target, evidence, { coverage });
  const { run, tests } = result;
  const hint = `run it in ${run.cwd} and fix the failing tests (or set ${commandVariable(kind)} to the command that runs the ${kind} tests)`;
  if (tests) {
    // A run shared with PRE-1.3 may exit 1 for a coverage threshold alone: the runner's own verdict
    // on the tests decides here, and PRE-1.3 decides coverage.
    const exitOk = run.exitCode === 0 || (coverage && tests.success && result.coverage !== null);
    check(tests.failed === 0 && tests.failedSuites === 0 && exitOk, {
      expected: `every ${kind} test to pass (exit 0)`,
      found: `exit ${run.exitCode}, ${tests.failed} of ${tests.total} tests failed${!tests.failed && tests.failedSuites ? ` (${tests.failedSuites} test files failed to run)` : ''}: ${listed(tests.failures) || outputTail(run, 5)}`,
      where: where(result),
      hint,
    });
    check(tests.total > 0, {
      expected: `at least one ${kind} test to run`,
      found: 'the report counts 0 tests',
      where: where(result),
      hint: `the command selects no tests; check its test file patterns`,
    });
    return result;
  }
  check(run.exitCode === 0, {
    expected: `the ${kind} tests to pass (exit 0)`,
    found: `exit ${run.exitCode}; last output:\n${outputTail(run)}`,
    where: where(result),
    hint,
  });
  return result;
}

/** PRE-1.3: coverage of the configured metric at least the threshold, from the json-summary report. */
export async function decideCoverage(target: Target, evidence: Evidence): Promise<CommandResult> {
  const result = await runTargetCommand('coverage', target, evidence, { coverage: true });
  const { run, coverage, tests } = result;
  const { metric, threshold } = target.code.coverage;
  if (!coverage) {
    check(run.exitCode === 0, {
      expected: 'the coverage run to pass and write a coverage summary',
      found: `exit ${run.exitCode} and no coverage-summary.json; last output:\n${outputTail(run)}`,
      where: where(result),
    });
    throw new ItemBroken(
      `${where(result)} passed but wrote no coverage-summary.json (Istanbul json-summary), so coverage cannot be read; put {coverage} in COVERAGE_COMMAND where the tool takes its report directory`,
    );
  }
  const pct = Math.round(coverage[metric].pct * 100) / 100;
  const others = Object.entries(coverage)
    .map(([k, m]) => `${k} ${Math.round(m.pct * 100) / 100} %`)
    .join(', ');
  check(pct >= threshold, {
    expected: `${metric} coverage >= ${threshold} % (COVERAGE_THRESHOLD)`,
    found: `${pct} % (${coverage[metric].covered} of ${coverage[metric].total} ${metric}; ${others})`,
    where: where(result),
    hint: "add tests for the uncovered code (the command's text-summary output lists it per file)",
  });
  check(run.exitCode === 0, {
    expected: 'the coverage run to pass (exit 0)',
    found: `exit ${run.exitCode}${tests ? `, ${tests.failed} of ${tests.total} tests failed: ${listed(tests.failures)}` : `; last output:\n${outputTail(run)}`}`,
    where: where(result),
  });
  return result;
}

/** PRE-1.4 / PRE-1.5: the checker passes; its own messages (file:line) are the finding. */
export async function decideChecker(kind: Extract<CommandKind, 'typecheck' | 'lint'>, target: Target, evidence: Evidence): Promise<CommandResult> {
  const result = await runTargetCommand(kind, target, evidence);
  const what = kind === 'typecheck' ? 'the type check' : 'lint and format checks';
  check(result.run.exitCode === 0, {
    expected: `${what} to pass (exit 0)`,
    found: `exit ${result.run.exitCode}:\n${outputTail(result.run, 20)}`,
    where: where(result),
    hint: `fix what the output names (file:line), then run \`${result.run.command}\` in ${result.run.cwd}`,
  });
  return result;
}

/** PRE-1.6: no high or critical finding; the scanner's own reason when it cannot decide -> broken. */
export async function decideAudit(target: Target, evidence: Evidence): Promise<void> {
  const result = await runTargetCommand('audit', target, evidence);
  const reading = readAudit(result.run.stdout);
  await evidence.json('audit reading', reading);
  if (reading.kind === 'error')
    throw new ItemBroken(
      `${reading.scanner} could not decide (exit ${result.run.exitCode}): ${reading.reason}. Where: ${where(result)}. No vulnerability database was reachable, so nothing was checked.`,
    );
  if (reading.kind === 'unknown') {
    if (result.run.exitCode === 0) return;
    throw new ItemBroken(
      `${where(result)} ended with exit ${result.run.exitCode} and its output is neither npm audit nor trivy JSON, so findings cannot be told from a failure of the scanner; last output:\n${outputTail(result.run)}`,
    );
  }
  const { critical, high } = reading.counts;
  if (critical + high > 0) {
    throw new CheckFailed({
      expected: 'no high or critical vulnerability',
      found: `${critical} critical, ${high} high (${reading.scanner}): ${listed(reading.serious)}`,
      where: where(result),
      hint: 'upgrade the named packages (npm audit fix, or pin a fixed version), then scan again',
    });
  }
}

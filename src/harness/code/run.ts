import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, type CommandRun } from '../../tools/command.js';
import { ItemBroken } from '../../registry/errors.js';
import type { CommandKind } from '../../deployment/repo-settings.js';
import type { Target } from '../../deployment/target.js';
import type { Evidence } from '../evidence.js';
import { packageScripts, plannedCommand, type PlannedCommand } from './defaults.js';
import { readCoverageSummary, readTestReport, type CoverageTotals, type TestNumbers } from './reports.js';
import { withReports } from './reporters.js';

export interface CommandResult {
  planned: PlannedCommand;
  run: CommandRun;
  /** From the JSON test report; null when the command could not be asked for one. */
  tests: TestNumbers | null;
  coverage: CoverageTotals | null;
}

/** Runs of this worker, by command line and directory: items asking for the same command share one run. */
const runs = new Map<string, Promise<CommandResult>>();

async function execute(planned: PlannedCommand, target: Target, wantsCoverage: boolean): Promise<CommandResult> {
  const { appDir } = target.code;
  const dir = mkdtempSync(join(tmpdir(), `checklist-${planned.kind}-`));
  try {
    const { line, reports } = withReports(planned.template, packageScripts(appDir) ?? {}, dir, { coverage: wantsCoverage });
    const run = await runCommand(line, { cwd: appDir, timeoutMs: target.code.commandTimeoutMs });
    const read = <T>(what: string, f: () => T): T => {
      try {
        return f();
      } catch (error) {
        throw new ItemBroken(`\`${line}\` wrote a ${what} that could not be read: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const tests = reports.testReport ? read('JSON test report', () => readTestReport(reports.testReport!, appDir)) : null;
    const coverage = reports.coverageDir ? read('coverage summary', () => readCoverageSummary(reports.coverageDir!)) : null;
    return { planned, run, tests, coverage };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the target's command of `kind` (configured, or the Node default) once per worker, attaches
 * its output (redacted) with its duration and numbers, and turns a deadline into `broken`.
 */
export async function runTargetCommand(kind: CommandKind, target: Target, evidence: Evidence, options: { coverage?: boolean } = {}): Promise<CommandResult> {
  const planned = plannedCommand(kind, target.code, target.repoDir);
  const key = `${target.code.appDir}\0${planned.template}\0${options.coverage ? 'coverage' : ''}`;
  if (!runs.has(key)) runs.set(key, execute(planned, target, options.coverage ?? false));
  const result = await runs.get(key)!;
  const { run } = result;
  const header = [
    `$ ${run.command}`,
    `in ${run.cwd} (${planned.source})`,
    `${run.timedOut ? `killed at the deadline (COMMAND_TIMEOUT_MS=${target.code.commandTimeoutMs})` : run.signal ? `ended by ${run.signal}` : `exit ${run.exitCode}`} after ${run.durationMs} ms`,
  ].join('\n');
  await evidence.text(`${kind} command output`, `${header}\n\n${run.output}`);
  await evidence.json(`${kind} result`, {
    command: run.command,
    source: planned.source,
    exitCode: run.exitCode,
    durationMs: run.durationMs,
    tests: result.tests,
    coverage: result.coverage,
  });
  if (run.timedOut)
    throw new ItemBroken(
      `\`${run.command}\` (in ${run.cwd}) did not finish within ${target.code.commandTimeoutMs} ms; raise COMMAND_TIMEOUT_MS or make the command faster`,
    );
  if (run.exitCode === null) throw new ItemBroken(`\`${run.command}\` (in ${run.cwd}) was ended by ${run.signal} after ${run.durationMs} ms`);
  return result;
}

/** The last lines of the output that say something, for a failure message. */
export function outputTail(run: CommandRun, lines = 12): string {
  return (
    run.output
      .split('\n')
      .map((l) => l.trimEnd())
      // npm's own lines (script banners, "npm error ... failed") repeat the exit code and hide the tool's.
      .filter((l) => l.trim() && !/^(npm (error|ERR!|warn)|> )/.test(l))
      .slice(-lines)
      .join('\n')
  );
}

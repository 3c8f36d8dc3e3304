import { join } from 'node:path';
import { readRecord, readLines, runDir, type FollowUp, type HealthSample, type PlannedWindow, type RollbackDecision } from '../harness/record.js';
import { applyDecidedStatuses, readItemResults } from './results.js';
import { buildSignoff, type Signoff } from './signoff.js';
import { writeSignoff } from './write.js';
import { alignAllureResults } from './allure.js';
import { recordedDecisions, type RunInfo } from './run-info.js';

/** A report directory that holds no run to sign off. */
export class NoRunError extends Error {
  override readonly name = 'NoRunError';
}

/**
 * Builds the sign-off from a report directory alone (Allure results + the run's record) and writes
 * signoff.{json,md,html}. The run ends with it; the `signoff` subcommand calls it on existing results.
 */
export function rebuildSignoff(reportsDir: string): Signoff {
  const dir = runDir(reportsDir);
  const run = readRecord<RunInfo>(dir, 'run');
  if (!run) throw new NoRunError(`${join(dir, 'run.json')} is missing: ${reportsDir} holds no checklist run (run \`npm run checklist\` first)`);
  // Decided as of the end of the run (waiver expiry, attestation age), so a rebuild gives the same sign-off.
  const now = new Date(Date.parse(run.startedAt) + run.durationMs);
  const resultsDir = join(reportsDir, 'allure-results');
  applyDecidedStatuses(resultsDir);
  const signoff = buildSignoff({
    results: readItemResults(resultsDir),
    selected: new Set(run.selected),
    missingReason: (id) => run.missing[id] ?? 'no result was recorded for it',
    run: { mode: run.mode, startedAt: run.startedAt, durationMs: run.durationMs, fault: run.fault },
    checked: run.checked,
    ...recordedDecisions(dir, run, now),
    record: {
      health: readLines<HealthSample>(dir, 'health'),
      planned: readLines<PlannedWindow>(dir, 'planned'),
      rollback: readRecord<RollbackDecision>(dir, 'rollback'),
      followUp: readRecord<FollowUp>(dir, 'followUp'),
    },
    now,
  });
  alignAllureResults(resultsDir, signoff);
  writeSignoff(reportsDir, signoff);
  return signoff;
}

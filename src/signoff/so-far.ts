import { readLines, readRecord, type FollowUp, type HealthSample, type PlannedWindow, type RollbackDecision } from '../harness/record.js';
import { ItemBroken } from '../registry/errors.js';
import { readItemResults } from './results.js';
import { recordedDecisions, type RunInfo } from './run-info.js';
import { buildSignoff, type Signoff } from './signoff.js';
import { successCriteria } from './metrics.js';

/**
 * The sign-off as far as the run has got, for the sign-off items (SO-2, SO-4), which run last: the
 * items decided so far, the waivers and the run's record. Items still to come (`pending`, the
 * sign-off items themselves) and items the run did not select are left out.
 */
export function signoffSoFar(
  resultsDir: string | undefined,
  runDir: string | undefined,
  pending: readonly string[],
): { signoff: Signoff; decided: Set<string> } {
  if (!resultsDir || !runDir)
    throw new ItemBroken('the sign-off items read the run so far (CHECKLIST_RESULTS_DIR, CHECKLIST_RUN_DIR): run them through `npm run checklist`');
  const run = readRecord<RunInfo>(runDir, 'run');
  if (!run) throw new ItemBroken(`no run record in ${runDir}: run the sign-off items through \`npm run checklist\``);
  const results = readItemResults(resultsDir);
  for (const id of pending) results.delete(id);
  const decided = new Set([...results.keys()].filter((id) => run.selected.includes(id)));
  const signoff = buildSignoff({
    results,
    selected: decided,
    missingReason: () => 'not decided yet',
    run: { mode: run.mode, startedAt: run.startedAt, durationMs: Date.now() - Date.parse(run.startedAt), fault: run.fault },
    ...recordedDecisions(runDir, run, new Date()),
    record: {
      health: readLines<HealthSample>(runDir, 'health'),
      planned: readLines<PlannedWindow>(runDir, 'planned'),
      rollback: readRecord<RollbackDecision>(runDir, 'rollback'),
      followUp: readRecord<FollowUp>(runDir, 'followUp'),
    },
  });
  // Success criteria over what was decided: an item still to come is not a failed check.
  const open = signoff.blockers.filter((b) => decided.has(b.id)).length;
  const critical = signoff.items
    .filter((i) => decided.has(i.id) && i.severity === 'critical' && (i.status === 'failed' || i.status === 'broken') && !i.waiver)
    .map((i) => `${i.id} ${i.status}`);
  return { signoff: { ...signoff, criteria: successCriteria(signoff.metrics, open, critical) }, decided };
}

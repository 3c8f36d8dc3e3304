// Seed section: Rollback procedures (When to Rollback, Rollback Steps).
// Runs after every other item (src/run/stages.ts): RB-0 reads the triggers first, then the drill
// (RB-1 .. RB-4) stops, restores and restarts parts in order, and leaves the stack running.
import { attested, item, notImplemented } from '../../src/harness/vitest.js';
import { check } from '../../src/registry/errors.js';
import { evaluateTriggers, noRunDir } from '../../src/harness/rollback-triggers.js';
import { readRecord, workerRunDir, writeRecord, type Baseline } from '../../src/signoff/record.js';
import { ItemBroken } from '../../src/registry/errors.js';

item('RB-0', async (ctx) => {
  const dir = workerRunDir();
  if (!dir) throw noRunDir('RB-0');
  const { decision, undecided } = await evaluateTriggers(ctx, readRecord<Baseline>(dir, 'baseline'));
  writeRecord(dir, 'rollback', decision);
  await ctx.evidence.json('rollback decision', decision);
  check(!decision.recommended, {
    expected: 'no rollback trigger breached',
    found: `rollback recommended: ${decision.reasons.join('; ')}`,
    where: `${ctx.target.prometheus.url}, ${ctx.target.grafana.url}, ${ctx.target.app.url}/metrics`,
    hint: 'roll back (docs/runbook.md), or fix the cause and run the checklist again',
  });
  if (undecided.length) throw new ItemBroken(`no trigger breached, but some could not be evaluated: ${undecided.join('; ')}`);
}, { timeoutMs: 60_000 });

notImplemented('RB-1');
notImplemented('RB-2');
notImplemented('RB-3');
notImplemented('RB-4');
attested('RB-5'); // decided by people: passes on valid attestations of its responsible roles

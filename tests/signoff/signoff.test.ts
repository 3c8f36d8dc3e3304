// Seed section: Sign-off requirements, deployment metrics, success criteria, follow-up.
// These items run last (src/run/stages.ts): they read what every other item decided and what the
// run recorded (health poller, baseline, RB-0's decision), through the same code as the sign-off.
import { attested, item } from '../../src/harness/vitest.js';
import { check, checkAll, ItemBroken, type Finding } from '../../src/registry/errors.js';
import { readRecord, workerRunDir, writeRecord, type Baseline } from '../../src/harness/record.js';
import { signoffSoFar } from '../../src/signoff/so-far.js';
import { evaluateTriggers } from '../../src/harness/rollback-triggers.js';
import { computeFollowUp } from '../../src/harness/follow-up.js';
import type { RunInfo } from '../../src/signoff/run-info.js';

const SIGNOFF_ITEMS = ['SO-1', 'SO-2', 'SO-3', 'SO-4', 'SO-5'];
const soFar = () => signoffSoFar(process.env.CHECKLIST_RESULTS_DIR, workerRunDir(), SIGNOFF_ITEMS);

attested('SO-1'); // decided by people: passes on valid attestations of its responsible roles

// SO-2: the automated part of the post-deployment verifications (every check the run decided passed,
// does not apply for an allowed reason, or is validly waived; no waiver expired or unknown), then the
// deployment engineer's, QA's and on-call's attestations.
item('SO-2', async ({ evidence, attest }) => {
  const { signoff, decided } = soFar();
  const open = signoff.blockers.filter((b) => decided.has(b.id));
  const badWaivers = signoff.waivers.states.filter((w) => !w.valid);
  await evidence.json('checks so far', {
    decided: decided.size,
    blockersNotPassed: open,
    waived: signoff.items.filter((i) => i.waiver).map((i) => i.id),
    waivers: signoff.waivers.states,
  });
  const where = signoff.waivers.file ?? 'WAIVERS_FILE';
  checkAll([
    ...open.map((b): Finding => ({
      expected: `blocker ${b.id} passed (or validly waived)`,
      found: `${b.status}: ${(b.message ?? '').split('\n')[0]}`,
      where: "the run's results",
    })),
    ...badWaivers.map((w): Finding => ({
      expected: 'every waiver valid',
      found: `waiver of ${w.item} ${w.problem === 'expired' ? `expired on ${w.expires}` : 'names no such item in the checklist'}`,
      where,
      hint: w.problem === 'expired' ? `renew it (a new approval and expiry) or fix ${w.item}` : 'use an item id of `npm run checklist -- --list`',
    })),
  ]);
  if (decided.size === 0) throw new ItemBroken('no other item was decided in this run: there are no verifications to sign off');
  await attest();
});

item('SO-3', async ({ evidence }) => {
  const { signoff } = soFar();
  const m = signoff.metrics;
  await evidence.json('deployment metrics', m);
  if (!m.downtime.pollerRan) throw new ItemBroken('no health poller ran through this run: downtime cannot be recorded (the target names no live application)');
  check(m.durationMinutes > 0, { expected: 'the run to have a duration', found: `${m.durationMinutes} min`, where: 'the run record' });
});

item('SO-4', async (ctx) => {
  const dir = workerRunDir();
  const run = dir ? readRecord<RunInfo>(dir, 'run') : undefined;
  // "No rollback required" is decided from live data even when RB-0 was not selected.
  if (dir && run && !readRecord(dir, 'rollback')) writeRecord(dir, 'rollback', (await evaluateTriggers(ctx, readRecord<Baseline>(dir, 'baseline'))).decision);
  const { signoff } = soFar();
  await ctx.evidence.json('success criteria', signoff.criteria);
  const open = signoff.criteria.filter((c) => c.met === false);
  const undecided = signoff.criteria.filter((c) => c.met === null && !/person decides/.test(c.detail));
  checkAll(open.map((c): Finding => ({ expected: c.criterion, found: `not met: ${c.detail}`, where: "the run (see the sign-off's deployment metrics)" })));
  if (undecided.length) throw new ItemBroken(`not decided: ${undecided.map((c) => `${c.criterion} (${c.detail})`).join('; ')}`);
});

item('SO-5', async (ctx) => {
  const dir = workerRunDir();
  const run = dir ? readRecord<RunInfo>(dir, 'run') : undefined;
  const followUp = await computeFollowUp(ctx, run?.startedAt ?? new Date(Date.now() - 60_000).toISOString());
  if (dir) writeRecord(dir, 'followUp', followUp);
  await ctx.evidence.json('follow-up', followUp);
  await ctx.evidence.text('lessons learned (draft)', followUp.lessonsLearned);
  const where = `${ctx.target.prometheus.url}/api/v1/rules, ${ctx.target.monitoringDir}`;
  checkAll([
    followUp.alertsWithoutRunbook.length > 0 && {
      expected: 'a runbook entry for every alert',
      found: `none for ${followUp.alertsWithoutRunbook.join(', ')}`,
      where,
      hint: 'add a runbook_url annotation pointing at a heading of docs/runbook.md',
    },
    followUp.alertsWithoutTest.length > 0 && {
      expected: 'a promtool unit test for every alert',
      found: `none for ${followUp.alertsWithoutTest.join(', ')}`,
      where,
      hint: 'add an alert_rule_test that expects the alert to fire',
    },
  ]);
});

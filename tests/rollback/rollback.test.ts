// Seed section: Rollback procedures (When to Rollback, Rollback Steps).
// This file runs after every other item (src/run/stages.ts), its tests one after the other: RB-0
// reads the triggers before anything is disturbed; then the drill stops the monitoring stack (RB-1),
// restarts the application while monitoring is down (RB-3), uses it without monitoring (RB-4), and
// restores Prometheus and Grafana from the deployment's backups into fresh containers (RB-2), which
// leaves the stack running for the sign-off items and the run's cleanup.
import { afterAll } from 'vitest';
import { attested, item } from '../../src/harness/vitest.js';
import { check, checkAll, CheckFailed, ItemBroken, type Finding } from '../../src/registry/errors.js';
import { evaluateTriggers, noRunDir } from '../../src/harness/rollback-triggers.js';
import { readRecord, workerRunDir, writeRecord, type Baseline } from '../../src/harness/record.js';
import { disposeDrill, drillState, keepsServing, mcpRoundTrip, MONITORING, plannedWindow, type DrillState } from '../../src/harness/rollback-drill.js';
import { recordAndBackUp, restoredData, restoreIntoFresh } from '../../src/harness/rollback-restore.js';
import { isRunning, restart, stopAndRemove } from '../../src/stack/drill.js';
import { MCP_MEMORY_SERVER_PORT } from '../../src/stack/mcp-memory-server-container.js';
import { replaceCurrentTarget } from '../../src/harness/current-target.js';
import { AppClient } from '../../src/probes/app.js';
import { pollUntil } from '../../src/probes/poll.js';
import { exchange } from '../../src/probes/http.js';

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
});

let drill: DrillState | undefined;
afterAll(() => disposeDrill(drill));
const SERVING_WINDOW_MS = 5_000;

item('RB-1', async (ctx) => {
  drill = await drillState(ctx.target);
  drill.tools = await ctx.app.listTools();
  const backup = await recordAndBackUp(drill, ctx.target, ctx.prometheus, ctx.grafana);
  await ctx.evidence.json('backups before the stop', { backups: drill.backups ?? null, problems: backup.problems, marker: drill.marker, before: drill.before, runs: backup.runs });
  const stops = await Promise.all(MONITORING.map(async (s) => ({ service: s, ...(await stopAndRemove(drill!.services[s]!.id, 10)) })));
  drill.stopped = true;
  const [serving, mcp, prometheusGone] = await Promise.all([
    keepsServing(ctx.app, SERVING_WINDOW_MS, ctx.target.httpTimeoutMs),
    mcpRoundTrip(ctx.app, drill.tools),
    exchange(`${ctx.target.prometheus.url}/-/ready`, { timeoutMs: 1_000 }).then(() => true, () => false),
  ]);
  await ctx.evidence.json('monitoring stopped; the application meanwhile', { stops, probes: serving.probes, tools: mcp.tools });
  checkAll([
    ...stops.filter((s) => s.exitCode !== 0).map((s): Finding => ({ expected: `${s.service} to stop cleanly (exit 0 on SIGTERM)`, found: `exit code ${s.exitCode} after ${s.ms} ms`, where: `container ${drill!.services[s.service]!.id.slice(0, 12)}` })),
    prometheusGone && { expected: 'Prometheus to be gone after the stop', found: 'it still answers', where: ctx.target.prometheus.url },
    ...serving.findings,
    ...mcp.findings,
  ]);
}, { timeoutMs: 90_000 });

item('RB-3', async (ctx) => {
  if (!drill?.stopped) throw new ItemBroken('RB-1 did not stop the monitoring stack: the drill cannot go on');
  const from = Date.now();
  const url = await restart(drill.services.app!.id, MCP_MEMORY_SERVER_PORT, 10);
  const target = { ...ctx.target, app: { ...ctx.target.app, url, mcpUrl: `${url}${new URL(ctx.target.app.mcpUrl).pathname}` } };
  replaceCurrentTarget(target);
  const app = new AppClient(url, target.app.mcpUrl, target.httpTimeoutMs);
  const healthy = await pollUntil(() => app.health().then((r) => r.status, (e: Error) => e.message), (s) => s === 200, { timeoutMs: 30_000, intervalMs: 250 });
  // The window ends a health probe's timeout after the application answered: a probe already under way to the old port counts in it.
  plannedWindow(from, Date.now() + 3_000, 'RB-3 restarts the application');
  check(healthy.ok, { expected: 'the restarted application to answer /health with 200 within 30 s', found: `${healthy.value} after ${healthy.elapsedMs} ms`, where: `${url}/health`, hint: 'docker logs of the application' });
  const mcp = await mcpRoundTrip(app, drill.tools);
  await ctx.evidence.json('application restarted', { url, healthyAfterMs: healthy.elapsedMs, tools: mcp.tools });
  checkAll(mcp.findings);
}, { timeoutMs: 60_000 });

item('RB-4', async (ctx) => {
  if (!drill?.stopped) throw new ItemBroken('RB-1 did not stop the monitoring stack: there is no "without monitoring" to check');
  const running = await Promise.all(MONITORING.map(async (s) => ((await isRunning(drill!.services[s]!.id)) ? s : undefined)));
  if (running.some(Boolean)) throw new ItemBroken(`monitoring is not absent: ${running.filter(Boolean).join(', ')} still running`);
  const [serving, mcp, metrics] = await Promise.all([keepsServing(ctx.app, 3_000, ctx.target.httpTimeoutMs), mcpRoundTrip(ctx.app, drill.tools), ctx.app.metrics()]);
  await ctx.evidence.json('application without monitoring', { probes: serving.probes, tools: mcp.tools, samples: metrics.exposition.samples.length });
  checkAll([...serving.findings, ...mcp.findings, metrics.exposition.samples.length === 0 && { expected: 'the metrics endpoint to expose samples', found: 'none', where: metrics.res.url }]);
}, { timeoutMs: 30_000 });

item('RB-2', async (ctx) => {
  if (!drill?.stopped) throw new ItemBroken('RB-1 did not stop the monitoring stack: there is nothing to restore');
  if (!drill.backups) throw new CheckFailed({ expected: 'backups of Prometheus and Grafana taken before the stop', found: 'none: see the evidence of RB-1', where: 'scripts/backup_prometheus.sh, scripts/backup_grafana.sh' });
  const restored = await restoreIntoFresh(drill, ctx.target);
  replaceCurrentTarget({ ...restored.target, app: ctx.target.app });
  drill.stopped = false;
  const data = await restoredData(drill, restored.target);
  await ctx.evidence.json('restored into fresh containers', { urls: { prometheus: restored.target.prometheus.url, grafana: restored.target.grafana.url, alertmanager: restored.target.alertmanager.url }, runs: restored.runs, seen: data.seen });
  checkAll(data.findings);
}, { timeoutMs: 150_000 });

attested('RB-5'); // decided by people: passes on valid attestations of its responsible roles

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
import {
  disposeDrill,
  drillState,
  keepsServing,
  mcpRoundTrip,
  MONITORING,
  plannedWindow,
  type DrillState,
  type MonitoringService,
} from '../../src/harness/rollback-drill.js';
import { recordAndBackUp, restoredData, restoreIntoFresh } from '../../src/harness/rollback-restore.js';
import { isRunning, restart, stopAndRemove } from '../../src/stack/drill.js';
import { MCP_MEMORY_SERVER_PORT } from '../../src/stack/mcp-memory-server-container.js';
import { currentTarget, replaceCurrentTarget } from '../../src/harness/current-target.js';
import type { ItemContext } from '../../src/harness/context.js';
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
const SERVING_WINDOW_MS = 5_000;

/** The drill's first step (RB-1), also taken by a later item selected without it: back up, then stop monitoring. */
async function stopMonitoring(ctx: ItemContext): Promise<{ state: DrillState; stops: { service: string; exitCode: number; ms: number }[] }> {
  const state = (drill ??= await drillState(ctx.target));
  state.tools = (await ctx.app.listTools()).map((t) => t.name).sort();
  const backup = await recordAndBackUp(state, ctx.target, ctx.prometheus, ctx.grafana);
  await ctx.evidence.json('backups before the stop', {
    backups: state.backups ?? null,
    problems: backup.problems,
    marker: state.marker,
    before: state.before,
    runs: backup.runs,
  });
  const stops = await Promise.all(MONITORING.map(async (s) => ({ service: s, ...(await stopAndRemove(state.services[s]!.id, 10)) })));
  state.stopped = true;
  return { state, stops };
}
const ensureStopped = async (ctx: ItemContext) => (drill?.stopped ? drill : (await stopMonitoring(ctx)).state);

// Whatever was selected, the drill leaves the monitoring stack running for the sign-off items.
afterAll(async () => {
  if (drill?.stopped && drill.backups) replaceCurrentTarget({ ...(await restoreIntoFresh(drill, currentTarget())).target, app: currentTarget().app });
  disposeDrill(drill);
});

item(
  'RB-1',
  async (ctx) => {
    const { state, stops } = await stopMonitoring(ctx);
    const [serving, mcp, prometheusGone] = await Promise.all([
      keepsServing(ctx.app, SERVING_WINDOW_MS, ctx.target.httpTimeoutMs),
      mcpRoundTrip(ctx.app, state.tools),
      exchange(`${ctx.target.prometheus.url}/-/ready`, { timeoutMs: 1_000 }).then(
        () => false,
        () => true,
      ),
    ]);
    await ctx.evidence.json('monitoring stopped; the application meanwhile', { stops, probes: serving.probes, tools: mcp.tools });
    checkAll([
      ...stops
        .filter((s) => s.exitCode !== 0)
        .map((s): Finding => ({
          expected: `${s.service} to stop cleanly (exit 0 on SIGTERM)`,
          found: `exit code ${s.exitCode} after ${s.ms} ms`,
          where: `container ${state.services[s.service as MonitoringService]!.id.slice(0, 12)}`,
        })),
      !prometheusGone && { expected: 'Prometheus to be gone after the stop', found: 'it still answers', where: ctx.target.prometheus.url },
      ...serving.findings,
      ...mcp.findings,
    ]);
  },
  { timeoutMs: 90_000 },
);

item(
  'RB-3',
  async (ctx) => {
    const state = await ensureStopped(ctx);
    const from = Date.now();
    const url = await restart(state.services.app!.id, MCP_MEMORY_SERVER_PORT, 10);
    const target = { ...ctx.target, app: { ...ctx.target.app, url, mcpUrl: `${url}${new URL(ctx.target.app.mcpUrl).pathname}` } };
    replaceCurrentTarget(target);
    const app = new AppClient(url, target.app.mcpUrl, target.httpTimeoutMs);
    const appId = state.services.app!.id;
    // Until it answers 200, or its container exits (a process that cannot start again is not waited for).
    const probe = async () =>
      app.health().then(
        (r) => `HTTP ${r.status}`,
        async (e: Error) => ((await isRunning(appId)) ? e.message : 'its container exited'),
      );
    const healthy = await pollUntil(probe, (s) => s === 'HTTP 200' || s === 'its container exited', { timeoutMs: 30_000, intervalMs: 250 });
    // The window ends a health probe's timeout after the application answered: a probe already under way to the old port counts in it.
    plannedWindow(from, Date.now() + 3_000, 'RB-3 restarts the application');
    check(healthy.value === 'HTTP 200', {
      expected: 'the restarted application to answer /health with 200 within 30 s',
      found: `${healthy.value} after ${healthy.elapsedMs} ms`,
      where: `${url}/health`,
      hint: 'docker logs of the application',
    });
    const mcp = await mcpRoundTrip(app, state.tools);
    await ctx.evidence.json('application restarted', { url, healthyAfterMs: healthy.elapsedMs, tools: mcp.tools });
    checkAll(mcp.findings);
  },
  { timeoutMs: 60_000 },
);

item(
  'RB-4',
  async (ctx) => {
    const state = await ensureStopped(ctx);
    const running = await Promise.all(MONITORING.map(async (s) => ((await isRunning(state.services[s]!.id)) ? s : undefined)));
    if (running.some(Boolean)) throw new ItemBroken(`monitoring is not absent: ${running.filter(Boolean).join(', ')} still running`);
    // An endpoint that does not answer is one of keepsServing's findings; here only what answers is read.
    const [serving, mcp, metrics] = await Promise.all([
      keepsServing(ctx.app, 3_000, ctx.target.httpTimeoutMs),
      mcpRoundTrip(ctx.app, state.tools),
      ctx.app.metrics().catch(() => undefined),
    ]);
    const samples = metrics?.exposition.samples.length;
    await ctx.evidence.json('application without monitoring', { probes: serving.probes, tools: mcp.tools, samples });
    checkAll([
      ...serving.findings,
      ...mcp.findings,
      samples === 0 && { expected: 'the metrics endpoint to expose samples', found: 'none', where: metrics!.res.url },
    ]);
  },
  { timeoutMs: 30_000 },
);

item(
  'RB-2',
  async (ctx) => {
    const state = await ensureStopped(ctx);
    if (!state.backups)
      throw new CheckFailed({
        expected: 'backups of Prometheus and Grafana taken before the stop',
        found: 'none: see the evidence of RB-1',
        where: 'scripts/backup_prometheus.sh, scripts/backup_grafana.sh',
      });
    state.stopped = false; // restored here, whatever the outcome: the run's end must not restore twice
    const restored = await restoreIntoFresh(state, ctx.target);
    replaceCurrentTarget({ ...restored.target, app: ctx.target.app });
    const data = await restoredData(state, restored.target);
    await ctx.evidence.json('restored into fresh containers', {
      urls: { prometheus: restored.target.prometheus.url, grafana: restored.target.grafana.url, alertmanager: restored.target.alertmanager.url },
      runs: restored.runs,
      seen: data.seen,
    });
    checkAll(data.findings);
  },
  { timeoutMs: 150_000 },
);

attested('RB-5'); // decided by people: passes on valid attestations of its responsible roles

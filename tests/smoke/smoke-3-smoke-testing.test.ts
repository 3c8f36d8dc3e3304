// Seed section: Phase 3: Smoke Testing (T+30min).
import { item } from '../../src/harness/vitest.js';
import { followAlertPath, type PathResult } from './support/alert-path.js';
import { leftoverFindings, planAlertPath } from './support/alert-plan.js';
import { checkAll, ItemBroken, type Finding } from '../../src/registry/errors.js';
import { jsonOf, type HttpExchange } from '../../src/probes/http.js';
import { allPanels, type DashboardModel, type SearchHit } from '../../src/probes/grafana.js';
import { resolveAppJob } from '../../src/harness/checks/prometheus.js';
import { metricsEndpointFindings } from '../../src/harness/checks/metrics-endpoint.js';

/** A Grafana call that got no answer is a finding of this item (Grafana must be accessible), not a broken item. */
const answered = (call: Promise<HttpExchange>): Promise<HttpExchange | ItemBroken> =>
  call.catch((e: unknown) => (e instanceof ItemBroken ? e : Promise.reject(e)));

item('SMOKE-3.1', async ({ target, app, prometheus, grafana, evidence }) => {
  // The five checks of smoke_test.sh, run in parallel; every failure is reported, not just the first.
  const [metrics, targets, health, search, dashboard] = await Promise.all([
    app.metrics(),
    prometheus.targets(),
    answered(grafana.health()),
    answered(grafana.search()),
    answered(grafana.dashboard(target.grafana.dashboardUid)),
  ]);
  // Test metrics appearing: the application's own series (not `up`, which Prometheus writes for every scrape).
  const appJob = await resolveAppJob(prometheus, metrics.exposition, target.app.job, metrics.res.url);
  const ok = (r: HttpExchange | ItemBroken): r is HttpExchange => !(r instanceof ItemBroken);
  const hits = ok(search) && search.status === 200 ? jsonOf<SearchHit[]>(search) : [];
  const model = ok(dashboard) && dashboard.status === 200 ? jsonOf<DashboardModel>(dashboard) : undefined;
  const panels = allPanels(model?.dashboard.panels).filter((p) => p.type !== 'row');
  const appTargets = targets.filter((t) => t.scrapePool === appJob.job || t.labels.job === appJob.job);
  await evidence.json('smoke checks', {
    metrics: {
      status: metrics.res.status,
      contentType: metrics.res.headers['content-type'],
      samples: metrics.exposition.samples.length,
      elapsedMs: metrics.res.elapsedMs,
    },
    appJob,
    appTargets: appTargets.map((t) => ({ scrapeUrl: t.scrapeUrl, health: t.health, lastError: t.lastError })),
    grafanaHealth: ok(health) ? { status: health.status, body: health.body } : health.message,
    dashboards: hits.map((h) => ({ uid: h.uid, title: h.title })),
    dashboard: { uid: target.grafana.dashboardUid, panels: panels.map((p) => p.title) },
  });

  const findings: (Finding | false | undefined)[] = [
    ...metricsEndpointFindings(metrics),
    (appTargets.length === 0 || appTargets.some((t) => t.health !== 'up')) && {
      expected: `Prometheus scraping job "${appJob.job}" with every target up`,
      found: appTargets.length
        ? appTargets.map((t) => `${t.scrapeUrl} ${t.health} ${t.lastError}`).join('; ')
        : `no target of that job (jobs: ${appJob.jobsFound.join(', ')})`,
      where: `${prometheus.url}/api/v1/targets`,
    },
    appJob.finding,
  ];
  if (!ok(health)) {
    findings.push({
      expected: 'Grafana accessible (/api/health answering)',
      found: health.message,
      where: `${target.grafana.url}/api/health`,
      hint: 'start Grafana and check GRAFANA_URL',
    });
  } else {
    findings.push(
      (health.status !== 200 || !health.body.includes('"ok"')) && {
        expected: 'Grafana /api/health 200 with database ok',
        found: `${health.status} ${health.body.slice(0, 120)}`,
        where: health.url,
      },
      ok(search) &&
        hits.length === 0 && {
          expected: 'at least one dashboard in Grafana',
          found: `${search.status}, 0 dashboards`,
          where: search.url,
          hint: 'import or provision the dashboards of the monitoring tree',
        },
      ok(dashboard) &&
        panels.length === 0 && {
          expected: `dashboard ${target.grafana.dashboardUid} to load with panels`,
          found: dashboard.status === 200 ? 'a dashboard with no panels' : `${dashboard.status} ${dashboard.body.slice(0, 120)}`,
          where: dashboard.url,
        },
    );
  }
  checkAll(findings);
});

item(
  'SMOKE-3.2',
  async (ctx) => {
    const { target, evidence } = ctx;
    const plan = await planAlertPath(ctx);
    let results: PathResult[] = [];
    try {
      results = await Promise.all(plan.alerts.map((a) => followAlertPath(ctx, a, plan.specs, plan.deadlines)));
    } finally {
      // Cleaned up whatever happened: the posted alert resolved, the trigger reset.
      await Promise.allSettled(plan.alerts.map((a) => a.resolve()));
    }
    const leftovers = await leftoverFindings(ctx, plan.alerts, plan.deadlines.resolvedMs);
    await evidence.json('alert path', {
      deadlinesMs: plan.deadlines,
      alerts: plan.alerts.map((a, i) => ({
        alert: a.what,
        labels: a.labels,
        expectedReceivers: results[i]?.expectedReceivers,
        timingsMs: results[i]?.timings,
        notifications: results[i]?.notifications,
      })),
      leftovers: leftovers.seen,
    });
    checkAll([...plan.findings, ...results.flatMap((r) => r.findings), ...leftovers.findings]);
    if (!target.receiver) {
      ctx.notApplicable(
        'absent',
        `posted a test alert, saw it in Alertmanager routed to ${results[0]?.expectedReceivers.join(', ') || 'its receivers'} and resolved it; whether a notification reached anyone could not be verified: the target names no notification receiver (RECEIVER_URL)`,
      );
    }
  },
  { timeoutMs: 480_000 },
);

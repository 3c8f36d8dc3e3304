// Seed section: Phase 3: Smoke Testing (T+30min).
import { item, notImplemented } from '../../src/harness/vitest.js';
import { checkAll, type Finding } from '../../src/registry/errors.js';
import { jsonOf } from '../../src/probes/http.js';
import { allPanels, type DashboardModel, type SearchHit } from '../../src/probes/grafana.js';

item('SMOKE-3.1', async ({ target, app, prometheus, grafana, evidence }) => {
  // The five checks of smoke_test.sh, run in parallel; every failure is reported, not just the first.
  const [metrics, targets, health, search, dashboard, appSeries] = await Promise.all([
    app.metrics(),
    prometheus.targets(),
    grafana.health(),
    grafana.search(),
    grafana.dashboard(target.grafana.dashboardUid),
    prometheus.query(`up{job="${target.app.job}"}`),
  ]);
  const hits = search.status === 200 ? jsonOf<SearchHit[]>(search) : [];
  const model = dashboard.status === 200 ? jsonOf<DashboardModel>(dashboard) : undefined;
  const panels = allPanels(model?.dashboard.panels).filter((p) => p.type !== 'row');
  const appTargets = targets.filter((t) => t.labels.job === target.app.job);
  await evidence.json('smoke checks', {
    metrics: { status: metrics.res.status, contentType: metrics.res.headers['content-type'], samples: metrics.exposition.samples.length, elapsedMs: metrics.res.elapsedMs },
    appTargets: appTargets.map((t) => ({ scrapeUrl: t.scrapeUrl, health: t.health, lastError: t.lastError })),
    grafanaHealth: { status: health.status, body: health.body },
    dashboards: hits.map((h) => ({ uid: h.uid, title: h.title })),
    dashboard: { uid: target.grafana.dashboardUid, status: dashboard.status, panels: panels.map((p) => p.title) },
    testMetric: appSeries,
  });

  const contentType = metrics.res.headers['content-type'] ?? '';
  const findings: (Finding | false)[] = [
    metrics.res.status !== 200 && { expected: 'the metrics endpoint to answer 200', found: `${metrics.res.status}`, where: metrics.res.url },
    metrics.res.status === 200 &&
      !/^(text\/plain|application\/openmetrics-text)/.test(contentType) && {
        expected: 'a Prometheus exposition Content-Type (text/plain; version=0.0.4 or OpenMetrics)',
        found: contentType ? `"${contentType}"` : 'no Content-Type (Prometheus 3 fails such scrapes)',
        where: metrics.res.url,
      },
    metrics.res.status === 200 && metrics.exposition.samples.length === 0 && { expected: 'samples on the metrics endpoint', found: 'an empty exposition', where: metrics.res.url },
    (appTargets.length === 0 || appTargets.some((t) => t.health !== 'up')) && {
      expected: `Prometheus scraping job "${target.app.job}" with every target up`,
      found: appTargets.length ? appTargets.map((t) => `${t.scrapeUrl} ${t.health} ${t.lastError}`).join('; ') : 'no target of that job',
      where: `${prometheus.url}/api/v1/targets`,
    },
    (health.status !== 200 || !health.body.includes('"ok"')) && { expected: 'Grafana /api/health 200 with database ok', found: `${health.status} ${health.body.slice(0, 120)}`, where: health.url },
    hits.length === 0 && { expected: 'at least one dashboard in Grafana', found: `${search.status}, 0 dashboards`, where: search.url, hint: 'import or provision monitoring/grafana/dashboards/*.json' },
    panels.length === 0 && {
      expected: `dashboard ${target.grafana.dashboardUid} to load with panels`,
      found: dashboard.status === 200 ? 'a dashboard with no panels' : `${dashboard.status} ${dashboard.body.slice(0, 120)}`,
      where: dashboard.url,
    },
    appSeries.length === 0 && { expected: `test metrics appearing in Prometheus (up{job="${target.app.job}"})`, found: 'no series', where: `${prometheus.url}/api/v1/query` },
  ];
  checkAll(findings);
});

notImplemented('SMOKE-3.2');

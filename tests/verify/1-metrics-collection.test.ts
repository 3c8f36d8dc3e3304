// Post-deployment verification 1. Metrics Collection (CRITICAL): verify_metrics.sh, as a test.
// The application's own series on /metrics and in Prometheus; values reasonable: counters never go
// down between two scrapes, a counter the test's own requests move does move, histogram buckets
// cumulative with le="+Inf" == _count, gauges within their declared bounds.
import { item } from '../../src/harness/vitest.js';
import { checkAll, type Finding } from '../../src/registry/errors.js';
import { exchange } from '../../src/probes/http.js';
import { counterRegressions, familyTotal, gaugeBoundProblems, histogramProblems, impossibleValues } from '../../src/harness/checks/app.js';
import { familiesInPrometheus } from '../../src/harness/checks/prometheus-series.js';

const REQUESTS = 5;

item('VER-1', async ({ target, app, prometheus, evidence }) => {
  const v = target.verify;
  const before = await app.metrics();
  await Promise.all(Array.from({ length: REQUESTS }, () => exchange(`${target.app.url}${v.activityPath}`, { timeoutMs: target.httpTimeoutMs })));
  const [after, stored] = await Promise.all([app.metrics(), familiesInPrometheus(prometheus, v.requiredMetrics, target.app.job)]);
  const where = after.res.url;
  const own = after.exposition.samples.filter((s) => s.name.startsWith(v.metricPrefix));
  const names = new Set(own.map((s) => s.name));
  const missing = v.requiredMetrics.filter((name) => !names.has(name));
  const notStored = v.requiredMetrics.filter((name) => !stored.has(name));
  const activity = { before: familyTotal(before.exposition, v.activityCounter), after: familyTotal(after.exposition, v.activityCounter) };
  const counters = counterRegressions(before.exposition, after.exposition, where);
  const histograms = histogramProblems(after.exposition, v.metricPrefix, where);
  const bounds = gaugeBoundProblems(after.exposition, v.gaugeBounds, where);
  await evidence.text(
    `GET /metrics (${v.metricPrefix} lines)`,
    after.res.body
      .split('\n')
      .filter((l) => l.includes(v.metricPrefix))
      .join('\n'),
  );
  await evidence.json('metrics collection', {
    series: own.length,
    missing,
    inPrometheus: Object.fromEntries(stored),
    notStored,
    activity: { counter: v.activityCounter, path: v.activityPath, requests: REQUESTS, ...activity },
    countersCompared: counters.compared,
    histograms: histograms.histograms,
    boundsChecked: bounds.checked,
  });

  const counterNames = [...after.exposition.types].filter(([n, t]) => t === 'counter' && n.startsWith(v.metricPrefix)).map(([n]) => n);
  const findings: (Finding | false)[] = [
    (before.res.status !== 200 || after.res.status !== 200) && {
      expected: 'GET /metrics to answer 200',
      found: `${before.res.status}, then ${after.res.status}`,
      where,
    },
    own.length < v.minMetricSeries && { expected: `at least ${v.minMetricSeries} ${v.metricPrefix} series (MIN_METRIC_SERIES)`, found: `${own.length}`, where },
    missing.length > 0 && {
      expected: `the required metrics ${v.requiredMetrics.join(', ')} (REQUIRED_METRICS)`,
      found: `${missing.join(', ')} missing among ${own.length} ${v.metricPrefix} series`,
      where,
      hint: 'the application must register these metrics at start-up, before any traffic',
    },
    missing.length === 0 &&
      notStored.length > 0 && {
        expected: `the required metrics stored in Prometheus for job "${target.app.job}"`,
        found: `${notStored.join(', ')} not in Prometheus (it has ${[...stored.keys()].join(', ') || 'none of them'}), although /metrics exposes them`,
        where: `${prometheus.url}/api/v1/query`,
        hint: 'look for a metric_relabel_configs rule dropping them, or a job/label mismatch (APP_JOB)',
      },
    activity.after === undefined && {
      expected: `the counter ${v.activityCounter} (ACTIVITY_COUNTER) on /metrics`,
      found: `no such series; counters offered: ${counterNames.slice(0, 15).join(', ') || 'none'}`,
      where,
    },
    activity.after !== undefined &&
      !((activity.after ?? 0) - (activity.before ?? 0) >= REQUESTS) && {
        expected: `${v.activityCounter} to grow by at least ${REQUESTS} after ${REQUESTS} GET ${v.activityPath}`,
        found: `${activity.before ?? 'absent'} before, ${activity.after} after`,
        where,
        hint: 'the application must count every request it serves',
      },
    counters.finding,
    histograms.finding,
    bounds.finding,
    impossibleValues(after.exposition, v.metricPrefix, where),
  ];
  checkAll(findings);
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { Target } from '../deployment/target.js';
import { jsonOf } from '../probes/http.js';
import { allPanels, type DashboardModel, type SearchHit } from '../probes/grafana.js';
import { parsePromQL } from '../probes/promql.js';
import type { ItemContext } from './context.js';
import type { FollowUp } from './record.js';

const SUFFIXES = /_(bucket|sum|count|total|created|info)$/;

/** Every *.yml / *.yaml under `dir`. */
function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Alert names that promtool unit tests (files with `tests:` of `alert_rule_test`) expect to fire. */
export function testedAlerts(monitoringDir: string): Set<string> {
  const names = new Set<string>();
  for (const file of yamlFiles(monitoringDir)) {
    let doc: unknown;
    try {
      doc = parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    const tests = (doc as { tests?: { alert_rule_test?: { alertname?: string }[] }[] } | null)?.tests;
    if (!Array.isArray(tests)) continue;
    for (const t of tests) for (const a of t.alert_rule_test ?? []) if (a.alertname) names.add(a.alertname);
  }
  return names;
}

const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

/**
 * Whether an alert has a runbook entry: its runbook_url points into a file of the repository whose
 * heading matches the anchor, or (no URL) the repository's docs/runbook.md has a heading with its
 * name. An http(s) runbook_url cannot be read offline: it counts as an entry.
 */
export function hasRunbookEntry(repoDir: string, alert: string, url: string | undefined): boolean {
  if (url && /^https?:\/\//.test(url)) return true;
  const [path, anchor] = url ? url.split('#') : ['docs/runbook.md', alert];
  const file = join(repoDir, path ?? '');
  if (!existsSync(file) || relative(repoDir, file).startsWith('..')) return false;
  const headings = [...readFileSync(file, 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!));
  return headings.includes(anchorOf(anchor ?? alert));
}

/** SO-5: computed from the running deployment and its repository. */
export async function computeFollowUp(ctx: ItemContext, runStartedAt: string): Promise<FollowUp> {
  const { target, prometheus, grafana, app } = ctx;
  const runSeconds = Math.max(60, Math.ceil((Date.now() - Date.parse(runStartedAt)) / 1000));
  const [metrics, groups, hits, lowest] = await Promise.all([
    app.metrics(),
    prometheus.rules(),
    grafana.search(),
    prometheus.query('min(prometheus_tsdb_lowest_timestamp_seconds)'),
  ]);
  const retentionSeconds = Math.max(runSeconds, Math.ceil(Date.now() / 1000 - Number(lowest[0]?.value[1] ?? Date.now() / 1000)));
  const dashboards = await Promise.all(jsonOf<SearchHit[]>(hits).map(async (h) => jsonOf<DashboardModel>(await grafana.dashboard(h.uid)).dashboard));
  const queries = [
    ...dashboards.flatMap((d) => allPanels(d.panels).flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''))),
    ...groups.flatMap((g) => g.rules.map((r) => r.query)),
  ];
  const used = new Set(queries.flatMap((q) => parsePromQL(q).metrics).map((m) => m.replace(SUFFIXES, '')));
  const exposed = [...new Set(metrics.exposition.samples.map((s) => s.name))];
  const unusedMetrics = [
    ...new Set(exposed.filter((n) => !used.has(n) && !used.has(n.replace(SUFFIXES, ''))).map((n) => n.replace(/_(bucket|sum|count)$/, ''))),
  ].sort();
  const firedIn = async (seconds: number) =>
    (await prometheus.query(`sum by (alertname) (count_over_time(ALERTS{alertstate="firing"}[${seconds}s]))`)).map((s) => ({
      alert: s.metric.alertname ?? '?',
      samples: Number(s.value[1]),
    }));
  const [duringRun, inRetention] = await Promise.all([firedIn(runSeconds), firedIn(retentionSeconds)]);
  const alerts = groups.flatMap((g) => g.rules.filter((r) => r.type === 'alerting'));
  const tested = testedAlerts(target.monitoringDir);
  const names = [...new Set(alerts.map((a) => a.name))];
  const followUp: Omit<FollowUp, 'lessonsLearned'> = {
    unusedMetrics,
    alertNoise: { firingDuringRun: duringRun.map((a) => a.alert).sort(), firedInRetention: inRetention },
    alertsWithoutRunbook: names.filter((n) => !alerts.filter((a) => a.name === n).every((a) => hasRunbookEntry(target.repoDir, n, a.annotations?.runbook_url))),
    alertsWithoutTest: names.filter((n) => !tested.has(n)),
  };
  return { ...followUp, lessonsLearned: lessonsLearned(target, runStartedAt, followUp) };
}

/** A lessons-learned draft in the seed's post-mortem template, prefilled from the run; people finish it. */
function lessonsLearned(target: Target, startedAt: string, f: Omit<FollowUp, 'lessonsLearned'>): string {
  const item = (s: string) => `- ${s}`;
  return [
    '### Deployment post-mortem (draft, prefilled from the checklist run)',
    '',
    `**Date:** ${startedAt.slice(0, 10)}  `,
    `**Deployment:** Monitoring & Observability Phase 3 (${target.mode} target, application ${target.app.url})`,
    '',
    '**What went well**',
    item('(to be filled in by the team)'),
    '',
    '**What could be improved**',
    ...(f.alertNoise.firingDuringRun.length ? [item(`alerts fired during the deployment: ${f.alertNoise.firingDuringRun.join(', ')}`)] : []),
    ...(f.alertsWithoutRunbook.length ? [item(`alerts without a runbook entry: ${f.alertsWithoutRunbook.join(', ')}`)] : []),
    ...(f.alertsWithoutTest.length ? [item(`alerts without a unit test: ${f.alertsWithoutTest.join(', ')}`)] : []),
    item(`${f.unusedMetrics.length} exposed metrics are used by no dashboard panel or rule`),
    '',
    '**Action items**',
    ...[
      ...f.alertsWithoutRunbook.map((a) => `write a runbook entry for ${a}`),
      ...f.alertsWithoutTest.map((a) => `add a promtool unit test for ${a}`),
      'review the unused metrics: chart them, alert on them, or stop exposing them',
    ].map((a) => `- [ ] ${a}`),
    '',
    '**Metrics**',
    item('deployment duration, issues, rollback required: see the deployment metrics of this sign-off'),
    '',
    '**Team feedback**',
    item('(to be gathered in the retrospective)'),
  ].join('\n');
}

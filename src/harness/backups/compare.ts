import type { Finding } from '../../registry/errors.js';
import { jsonOf } from '../../probes/http.js';
import type { GrafanaClient, DashboardModel, SearchHit } from '../../probes/grafana.js';
import type { PrometheusClient } from '../../probes/prometheus.js';
import { allPanels } from '../../probes/grafana.js';

/** Series per job at one instant: what a restore must bring back. */
export const SERIES_PER_JOB = 'count by (job) ({__name__=~".+"})';

export type SeriesCount = Record<string, number>;

export async function seriesAt(prometheus: PrometheusClient, time: number): Promise<SeriesCount> {
  const result = await prometheus.query(SERIES_PER_JOB, time);
  return Object.fromEntries(result.map((s) => [s.metric.job ?? '(no job)', Number(s.value[1])]));
}

/** The series the live Prometheus had before the backup, missing or fewer after the restore. */
export function seriesFindings(before: SeriesCount, after: SeriesCount, time: number, where: string): Finding[] {
  const lost = Object.entries(before)
    .filter(([job, n]) => (after[job] ?? 0) < n)
    .map(([job, n]) => `job ${job}: ${n} series before, ${after[job] ?? 0} after`);
  if (!lost.length) return [];
  return [
    {
      expected: `the series written before the backup queryable after the restore (${SERIES_PER_JOB} at ${new Date(time * 1000).toISOString()})`,
      found: lost.join('; '),
      where,
      hint: "the restore did not bring the snapshot's blocks into the data directory: check the restore script's copy step and the owner of the copied files",
    },
  ];
}

export interface DashboardSummary {
  uid: string;
  title: string;
  panels: number;
}

/** The dashboards a Grafana has, with their panel counts. */
export async function dashboardsOf(grafana: GrafanaClient): Promise<DashboardSummary[]> {
  const hits = jsonOf<SearchHit[]>(await grafana.search());
  return Promise.all(
    hits.map(async (h) => {
      const res = await grafana.dashboard(h.uid);
      const model = res.status === 200 ? jsonOf<DashboardModel>(res).dashboard : undefined;
      return { uid: h.uid, title: model?.title ?? h.title, panels: allPanels(model?.panels).length };
    }),
  );
}

/** Dashboards of the live Grafana that the restored one lacks, or has with another title or fewer panels. */
export function dashboardFindings(before: readonly DashboardSummary[], after: readonly DashboardSummary[], where: string): Finding[] {
  const problems = before.flatMap((b) => {
    const a = after.find((x) => x.uid === b.uid);
    if (!a) return [`${b.uid} ("${b.title}") missing`];
    if (a.title !== b.title || a.panels < b.panels) return [`${b.uid}: "${a.title}" with ${a.panels} panels, was "${b.title}" with ${b.panels}`];
    return [];
  });
  return problems.length
    ? [
        {
          expected: `every dashboard back after the restore (${before.map((b) => b.uid).join(', ')})`,
          found: problems.join('; '),
          where,
          hint: "check the restore script's log: each dashboard it could not save is named there",
        },
      ]
    : [];
}

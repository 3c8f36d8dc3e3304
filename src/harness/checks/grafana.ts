import type { Finding } from '../../registry/errors.js';
import { jsonOf } from '../../probes/http.js';
import { allPanels, framesHaveData, lastValues, type DashboardPanel, type Datasource, type DsQueryResponse, type GrafanaClient } from '../../probes/grafana.js';
import { parsePromQL } from '../../probes/promql.js';

/** A panel as the checks use it: its title, type and queries with the datasource they run on. */
export interface PanelQueries {
  title: string;
  type: string;
  queries: { refId: string; expr: string; datasourceUid: string }[];
}

interface TemplateVariable {
  name: string;
  current?: { value?: string | string[] };
}

interface DashboardJson {
  dashboard: { uid: string; title: string; panels?: DashboardPanel[]; templating?: { list?: TemplateVariable[] } };
}

/** Dashboard variables replaced by their current values (`$__all` matches everything), Grafana's built-ins left to Grafana. */
export function interpolate(expr: string, variables: readonly TemplateVariable[]): string {
  return variables.reduce((text, v) => {
    const raw = v.current?.value ?? '';
    const values = Array.isArray(raw) ? raw : [raw];
    const value = values.includes('$__all') ? '.+' : values.join('|');
    return text.replace(new RegExp(`\\$\\{${v.name}(?::\\w+)?\\}|\\$${v.name}\\b|\\[\\[${v.name}\\]\\]`, 'g'), value);
  }, expr);
}

/** The datasource uid a panel or query names: a uid, a name (older dashboards), or a variable/none (the default). */
function datasourceUid(ref: DashboardPanel['datasource'], datasources: Datasource[]): string | undefined {
  const fallback = datasources.find((d) => d.isDefault && d.type === 'prometheus') ?? datasources.find((d) => d.type === 'prometheus');
  if (!ref) return fallback?.uid;
  if (typeof ref === 'string') return (ref.startsWith('$') ? fallback : datasources.find((d) => d.name === ref || d.uid === ref))?.uid;
  if (!ref.uid || ref.uid.startsWith('$')) return fallback?.uid;
  return ref.uid;
}

/** The dashboard's panels (rows flattened, rows themselves left out) with their queries ready to run. */
export async function dashboardPanels(grafana: GrafanaClient, uid: string): Promise<{ title: string; panels: PanelQueries[] } | { finding: Finding }> {
  const [res, dsRes] = await Promise.all([grafana.dashboard(uid), grafana.datasources()]);
  if (res.status !== 200) {
    return {
      finding: {
        expected: `dashboard ${uid} (GRAFANA_DASHBOARD_UID) in Grafana`,
        found: `${res.status} ${res.body.slice(0, 120)}`,
        where: res.url,
        hint: 'import or provision the dashboard JSON',
      },
    };
  }
  const model = jsonOf<DashboardJson>(res);
  const datasources = dsRes.status === 200 ? jsonOf<Datasource[]>(dsRes) : [];
  const variables = model.dashboard.templating?.list ?? [];
  const panels = allPanels(model.dashboard.panels)
    .filter((p) => p.type !== 'row')
    .map((p) => ({
      title: p.title ?? '',
      type: p.type ?? '',
      queries: (p.targets ?? [])
        .filter((t) => typeof t.expr === 'string' && t.expr.trim() !== '')
        .map((t) => ({
          refId: t.refId ?? 'A',
          expr: interpolate(t.expr!, variables),
          datasourceUid: datasourceUid((t as { datasource?: DashboardPanel['datasource'] }).datasource ?? p.datasource, datasources) ?? '',
        })),
    }));
  return { title: model.dashboard.title, panels };
}

export interface QueryOutcome {
  panel: string;
  refId: string;
  expr: string;
  status: number;
  hasData: boolean;
  error?: string;
  last: number[];
}

/** Runs every query of a panel through Grafana's /api/ds/query, as the panel does. */
export async function runPanel(grafana: GrafanaClient, panel: PanelQueries, range = { from: 'now-15m', to: 'now' }): Promise<QueryOutcome[]> {
  return Promise.all(
    panel.queries.map(async (q) => {
      const res = await grafana.dsQuery(q.datasourceUid, q.expr, range);
      const body = res.status === 200 || res.status === 400 ? jsonOf<DsQueryResponse>(res) : undefined;
      const result = body?.results?.A;
      return {
        panel: panel.title,
        refId: q.refId,
        expr: q.expr,
        status: res.status,
        hasData: res.status === 200 && !result?.error && framesHaveData(result?.frames),
        error: result?.error ?? (res.status === 200 ? undefined : res.body.slice(0, 200)),
        last: lastValues(result?.frames),
      };
    }),
  );
}

/** The panels whose queries read `metric` (by PromQL's own grammar), or the panel titled `title` when one is configured. */
export function panelsShowing(panels: PanelQueries[], metric: string, title: string): PanelQueries[] {
  if (title) return panels.filter((p) => p.title === title);
  return panels.filter((p) => p.queries.some((q) => parsePromQL(q.expr).metrics.includes(metric)));
}

const SCALES: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, Mil: 1e6, G: 1e9, B: 1e9, Bil: 1e9, T: 1e12, Tri: 1e12 };

/**
 * A number as Grafana displays it: "1,204", "1 204", "1.2 K", "3.4 Mil", "12.5k", "42". Returns the
 * value and its resolution (half the last shown digit times the scale): "1.2 K" may be 1150..1250.
 */
export function parseGrafanaNumber(text: string): { value: number; tolerance: number } | undefined {
  const match = /(-?\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|-?\d+)(?:\.(\d+))?\s*(K|k|M|Mil|G|B|Bil|T|Tri)?\b/.exec(text.trim());
  if (!match) return undefined;
  const [, whole, fraction = '', unit = ''] = match;
  const scale = SCALES[unit] ?? 1;
  const value = Number(`${whole!.replace(/[,\u202f\u00a0 ]/g, '')}.${fraction || '0'}`) * scale;
  return { value, tolerance: (0.5 * scale) / 10 ** fraction.length };
}

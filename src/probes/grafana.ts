import { exchange, basicAuth, type HttpExchange } from './http.js';

export interface SearchHit {
  uid: string;
  title: string;
  url: string;
  type: string;
  tags: string[];
}

export interface DashboardPanel {
  id?: number;
  title?: string;
  type?: string;
  datasource?: { type?: string; uid?: string } | string | null;
  targets?: { expr?: string; refId?: string }[];
  panels?: DashboardPanel[];
}

export interface DashboardModel {
  dashboard: { uid: string; title: string; panels?: DashboardPanel[] };
  meta: Record<string, unknown>;
}

export interface Datasource {
  id: number;
  uid: string;
  name: string;
  type: string;
  url: string;
  isDefault: boolean;
}

export interface DataFrame {
  schema: { refId?: string; fields: { name: string; type: string; labels?: Record<string, string> }[] };
  data: { values: unknown[][] };
}

export interface DsQueryResponse {
  results: Record<string, { status?: number; frames?: DataFrame[]; error?: string }>;
}

/** Grafana's HTTP API (docs/dev/contracts-external.md §1), with basic auth. Works against Grafana 11/12 and the stand-in. */
export class GrafanaClient {
  constructor(
    readonly url: string,
    private readonly user: string,
    private readonly password: string,
    private readonly timeoutMs: number,
  ) {}

  private call(path: string, method: 'GET' | 'POST' = 'GET', body?: unknown): Promise<HttpExchange> {
    return exchange(`${this.url}${path}`, {
      method,
      headers: { authorization: basicAuth(this.user, this.password), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: this.timeoutMs,
    });
  }

  /** GET /api/health needs no auth: 200 {database:"ok"} or 503. */
  health(): Promise<HttpExchange> {
    return exchange(`${this.url}/api/health`, { timeoutMs: this.timeoutMs });
  }

  search(query = ''): Promise<HttpExchange> {
    return this.call(`/api/search?type=dash-db${query ? `&query=${encodeURIComponent(query)}` : ''}`);
  }

  dashboard(uid: string): Promise<HttpExchange> {
    return this.call(`/api/dashboards/uid/${encodeURIComponent(uid)}`);
  }

  datasources(): Promise<HttpExchange> {
    return this.call('/api/datasources');
  }

  datasourceHealth(uid: string): Promise<HttpExchange> {
    return this.call(`/api/datasources/uid/${encodeURIComponent(uid)}/health`);
  }

  /** POST /api/ds/query with one Prometheus query over the given range. */
  dsQuery(datasourceUid: string, expr: string, range: { from: string; to: string } = { from: 'now-5m', to: 'now' }): Promise<HttpExchange> {
    return this.call('/api/ds/query', 'POST', {
      queries: [
        { refId: 'A', datasource: { type: 'prometheus', uid: datasourceUid }, expr, range: true, instant: false, intervalMs: 5000, maxDataPoints: 100 },
      ],
      from: range.from,
      to: range.to,
    });
  }
}

/** Grafana's "no data" is a frame with no fields (or only empty values), not an empty frame list. */
export function framesHaveData(frames: DataFrame[] | undefined): boolean {
  return (frames ?? []).some((f) => f.schema.fields.length > 0 && f.data.values.some((column) => column.length > 0));
}

/** The last numeric value of every series in the frames. */
export function lastValues(frames: DataFrame[] | undefined): number[] {
  return (frames ?? []).flatMap((f) => {
    const valueIndex = f.schema.fields.findIndex((field) => field.type === 'number');
    const column = valueIndex >= 0 ? f.data.values[valueIndex] : undefined;
    const last = column?.[column.length - 1];
    return typeof last === 'number' ? [last] : [];
  });
}

/** Every panel, rows flattened. */
export function allPanels(panels: DashboardPanel[] | undefined): DashboardPanel[] {
  return (panels ?? []).flatMap((p) => [p, ...allPanels(p.panels)]);
}

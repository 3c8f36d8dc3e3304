import { ItemBroken } from '../registry/errors.js';
import { exchange, jsonOf, type HttpExchange } from './http.js';

/** The Prometheus HTTP API envelope (docs/dev/contracts-external.md §3). */
interface Envelope<T> {
  status: 'success' | 'error';
  data: T;
  errorType?: string;
  error?: string;
}

export interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface ActiveTarget {
  labels: Record<string, string>;
  scrapePool: string;
  scrapeUrl: string;
  lastError: string;
  lastScrape: string;
  health: 'up' | 'down' | 'unknown';
}

export interface Rule {
  name: string;
  type: 'alerting' | 'recording';
  query: string;
  health: string;
  state?: 'inactive' | 'pending' | 'firing' | 'unknown';
  /** An alerting rule's `for`, in seconds. */
  duration?: number;
  lastError?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  file: string;
  rules: Rule[];
  lastEvaluation: string;
  /** The group's evaluation interval, in seconds. */
  interval?: number;
}

export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
  value: string;
}

/** A Prometheus server's HTTP API, probed with a timeout per call. */
export class PrometheusClient {
  constructor(
    readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  private async api<T>(path: string): Promise<{ data: T; res: HttpExchange }> {
    const res = await exchange(`${this.url}${path}`, { timeoutMs: this.timeoutMs });
    const body = jsonOf<Envelope<T>>(res);
    if (res.status !== 200 || body.status !== 'success') {
      throw new ItemBroken(`${this.url}${path} answered ${res.status}: ${body.errorType ?? ''} ${body.error ?? res.body.slice(0, 200)}`);
    }
    return { data: body.data, res };
  }

  /** Instant query (at `time`, Unix seconds, when given); `result` is [] when nothing matches. */
  async query(expr: string, time?: number): Promise<VectorSample[]> {
    const at = time === undefined ? '' : `&time=${time}`;
    const { data } = await this.api<{ resultType: string; result: VectorSample[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}${at}`);
    return data.result;
  }

  /** Every metric name Prometheus stores (`/api/v1/label/__name__/values`). */
  async metricNames(): Promise<string[]> {
    return (await this.api<string[]>('/api/v1/label/__name__/values')).data;
  }

  /** Metric families the targets declare (HELP/TYPE), also those without a sample yet: name -> types. */
  async metadata(): Promise<Record<string, { type: string }[]>> {
    return (await this.api<Record<string, { type: string }[]>>('/api/v1/metadata')).data;
  }

  async targets(): Promise<ActiveTarget[]> {
    return (await this.api<{ activeTargets: ActiveTarget[] }>('/api/v1/targets?state=active')).data.activeTargets;
  }

  async rules(): Promise<RuleGroup[]> {
    return (await this.api<{ groups: RuleGroup[] }>('/api/v1/rules')).data.groups;
  }

  async alerts(): Promise<PrometheusAlert[]> {
    return (await this.api<{ alerts: PrometheusAlert[] }>('/api/v1/alerts')).data.alerts;
  }

  async alertmanagers(): Promise<{ activeAlertmanagers: { url: string }[]; droppedAlertmanagers: { url: string }[] }> {
    return (await this.api<{ activeAlertmanagers: { url: string }[]; droppedAlertmanagers: { url: string }[] }>('/api/v1/alertmanagers')).data;
  }

  async buildinfo(): Promise<{ version: string; revision: string }> {
    return (await this.api<{ version: string; revision: string }>('/api/v1/status/buildinfo')).data;
  }

  /** /api/v1/status/runtimeinfo: whether the last config (re)load succeeded, without Prometheus scraping itself. */
  async runtimeInfo(): Promise<{ reloadConfigSuccess: boolean; lastConfigTime: string; startTime: string }> {
    return (await this.api<{ reloadConfigSuccess: boolean; lastConfigTime: string; startTime: string }>('/api/v1/status/runtimeinfo')).data;
  }

  async configYaml(): Promise<string> {
    return (await this.api<{ yaml: string }>('/api/v1/status/config')).data.yaml;
  }

  /** POST /-/reload: 200 on success, 403 without --web.enable-lifecycle, 500 on a bad config. */
  async reload(): Promise<HttpExchange> {
    return exchange(`${this.url}/-/reload`, { method: 'POST', timeoutMs: this.timeoutMs });
  }

  async ready(): Promise<HttpExchange> {
    return exchange(`${this.url}/-/ready`, { timeoutMs: this.timeoutMs });
  }
}

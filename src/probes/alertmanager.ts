import { ItemBroken } from '../registry/errors.js';
import { exchange, jsonOf, type HttpExchange } from './http.js';

export interface AlertmanagerStatus {
  cluster: { status: 'ready' | 'settling' | 'disabled'; peers?: unknown[] };
  versionInfo: { version: string };
  config: { original: string };
  uptime: string;
}

export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint: string;
  receivers: { name: string }[];
  status: { state: 'unprocessed' | 'active' | 'suppressed'; silencedBy: string[]; inhibitedBy: string[] };
}

export interface Silence {
  id: string;
  status: { state: 'active' | 'pending' | 'expired' };
  matchers: { name: string; value: string; isRegex: boolean; isEqual?: boolean }[];
  createdBy: string;
  comment: string;
}

/** Alertmanager's API v2 only: /api/v1 is gone since 0.27 (410), whatever the seed's curl says. */
export class AlertmanagerClient {
  constructor(
    readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  private async get<T>(path: string): Promise<T> {
    const res = await exchange(`${this.url}/api/v2${path}`, { timeoutMs: this.timeoutMs });
    if (res.status !== 200) throw new ItemBroken(`${res.url} answered ${res.status}: ${res.body.slice(0, 200)}`);
    return jsonOf<T>(res);
  }

  status(): Promise<AlertmanagerStatus> {
    return this.get('/status');
  }

  /** `filter` entries are matchers such as `alertname="X"`. */
  alerts(filter: string[] = []): Promise<AlertmanagerAlert[]> {
    const query = filter.map((f) => `filter=${encodeURIComponent(f)}`).join('&');
    return this.get(`/alerts${query ? `?${query}` : ''}`);
  }

  silences(): Promise<Silence[]> {
    return this.get('/silences');
  }

  /** POST /api/v2/alerts takes a JSON array; 200 with an empty body on success. */
  postAlerts(alerts: { labels: Record<string, string>; annotations?: Record<string, string>; startsAt?: string; endsAt?: string }[]): Promise<HttpExchange> {
    return exchange(`${this.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
      timeoutMs: this.timeoutMs,
    });
  }

  reload(): Promise<HttpExchange> {
    return exchange(`${this.url}/-/reload`, { method: 'POST', timeoutMs: this.timeoutMs });
  }

  ready(): Promise<HttpExchange> {
    return exchange(`${this.url}/-/ready`, { timeoutMs: this.timeoutMs });
  }
}

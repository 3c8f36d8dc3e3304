import type { ChecklistItem } from './types.js';
import { evidence, type Evidence } from './evidence.js';
import type { Target } from '../target/target.js';
import { AppClient } from '../probes/app.js';
import { PrometheusClient } from '../probes/prometheus.js';
import { AlertmanagerClient } from '../probes/alertmanager.js';
import { GrafanaClient } from '../probes/grafana.js';
import { ReceiverClient } from '../probes/receiver.js';
import { ItemBroken } from './errors.js';

/** What an item's test receives: the target and typed clients for each of its parts. */
export interface ItemContext {
  item: ChecklistItem;
  target: Target;
  app: AppClient;
  prometheus: PrometheusClient;
  alertmanager: AlertmanagerClient;
  grafana: GrafanaClient;
  /** The notification receiver; breaks the item when the target names none (RECEIVER_URL). */
  receiver: ReceiverClient;
  evidence: Evidence;
}

/** Builds the context lazily: an item that never touches the target never needs one. */
export function itemContext(item: ChecklistItem, getTarget: () => Target): ItemContext {
  const cache = new Map<string, unknown>();
  const once = <T>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  return {
    item,
    evidence,
    get target() {
      return once('target', getTarget);
    },
    get app() {
      return once('app', () => new AppClient(this.target.app.url, this.target.app.mcpUrl, this.target.httpTimeoutMs));
    },
    get prometheus() {
      return once('prometheus', () => new PrometheusClient(this.target.prometheus.url, this.target.httpTimeoutMs));
    },
    get alertmanager() {
      return once('alertmanager', () => new AlertmanagerClient(this.target.alertmanager.url, this.target.httpTimeoutMs));
    },
    get grafana() {
      const t = this.target.grafana;
      return once('grafana', () => new GrafanaClient(t.url, t.user, t.password, this.target.httpTimeoutMs));
    },
    get receiver() {
      const r = this.target.receiver;
      if (!r) throw new ItemBroken('the target names no notification receiver (RECEIVER_URL), so what Alertmanager sent cannot be read back');
      return once('receiver', () => new ReceiverClient(r.url, this.target.httpTimeoutMs));
    },
  };
}

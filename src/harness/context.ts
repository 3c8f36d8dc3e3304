import type { ChecklistItem } from '../registry/types.js';
import { evidence, type Evidence } from './evidence.js';
import type { Target } from '../deployment/target.js';
import { loadAttestations, type Attestation, type AttestationsFile } from '../deployment/attestations.js';
import { AppClient } from '../probes/app.js';
import { PrometheusClient } from '../probes/prometheus.js';
import { AlertmanagerClient } from '../probes/alertmanager.js';
import { GrafanaClient } from '../probes/grafana.js';
import { ReceiverClient } from '../probes/receiver.js';
import { ITEMS } from '../registry/registry.js';
import { NotApplicable, type NotApplicableKind } from '../registry/errors.js';
import { assertAttestable, decideAttestations } from './attest.js';

/** What an item's test receives: the target and typed clients for each of its parts. */
export interface ItemContext {
  item: ChecklistItem;
  target: Target;
  app: AppClient;
  prometheus: PrometheusClient;
  alertmanager: AlertmanagerClient;
  grafana: GrafanaClient;
  /** The notification receiver; the item is not applicable (`absent`) when the target names none. */
  receiver: ReceiverClient;
  evidence: Evidence;
  /**
   * The item's attestation part: passes on a valid attestation of each responsible role (attached as
   * evidence), fails naming what is missing, stale or of the wrong role.
   */
  attest(): Promise<Attestation[]>;
  /** Ends the item as not applicable, with the kind (registry `mayNotApply`) and a reason a person reads. */
  notApplicable(kind: NotApplicableKind, reason: string): never;
}

const attestationFiles = new Map<string, AttestationsFile>();
function attestationsOf(file: string): AttestationsFile {
  let content = attestationFiles.get(file);
  if (!content) {
    content = loadAttestations(
      file,
      ITEMS.map((i) => i.id),
    );
    attestationFiles.set(file, content);
  }
  return content;
}

/** Builds the context lazily: an item that never touches the target never needs one. */
export function itemContext(item: ChecklistItem, getTarget: () => Target): ItemContext {
  const cache = new Map<string, unknown>();
  const once = <T>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  const ctx: ItemContext = {
    item,
    evidence,
    get target() {
      return once('target', getTarget);
    },
    get app() {
      return once('app', () => new AppClient(ctx.target.app.url, ctx.target.app.mcpUrl, ctx.target.httpTimeoutMs));
    },
    get prometheus() {
      return once('prometheus', () => new PrometheusClient(ctx.target.prometheus.url, ctx.target.httpTimeoutMs));
    },
    get alertmanager() {
      return once('alertmanager', () => new AlertmanagerClient(ctx.target.alertmanager.url, ctx.target.httpTimeoutMs));
    },
    get grafana() {
      const t = ctx.target.grafana;
      return once('grafana', () => new GrafanaClient(t.url, t.user, t.password, ctx.target.httpTimeoutMs));
    },
    get receiver() {
      const r = ctx.target.receiver;
      if (!r) throw new NotApplicable('absent', 'the target names no notification receiver (RECEIVER_URL), so what Alertmanager sent cannot be read back');
      return once('receiver', () => new ReceiverClient(r.url, ctx.target.httpTimeoutMs));
    },
    async attest() {
      assertAttestable(item);
      const { file, maxAgeDays } = ctx.target.attestations;
      const content = file ? attestationsOf(file) : null;
      const found = decideAttestations(item, { file, content, maxAgeDays });
      await evidence.json('attestation', { file, sample: content?.sample ?? false, attestations: found });
      return found;
    },
    notApplicable(kind, reason) {
      throw new NotApplicable(kind, reason);
    },
  };
  return ctx;
}

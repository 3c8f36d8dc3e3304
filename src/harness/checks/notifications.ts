import { parse } from 'yaml';
import type { RecordedPayload } from '../../probes/receiver.js';

/**
 * Notifications as a receiver recorded them, read back per Alertmanager receiver: the webhook
 * payload names its receiver and carries every label; a Slack message names its channel, and its
 * title the alert name and status, as Alertmanager's default and this deployment's templates do.
 */

export interface ReceiverSpec {
  name: string;
  /** The integrations it notifies through (webhook, slack, email, ...); none means it drops every notification. */
  kinds: string[];
  /** Whether it notifies on resolution (webhook: true by default; the others: false by default). */
  sendResolved: boolean;
  slackChannels: string[];
}

type Yaml = Record<string, unknown>;
const obj = (v: unknown): Yaml => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Yaml) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The receivers of an Alertmanager configuration (YAML text, e.g. /api/v2/status config.original). */
export function receiverSpecs(configYaml: string): Map<string, ReceiverSpec> {
  const doc = obj(parse(configYaml));
  return new Map(
    list(doc.receivers).map((raw) => {
      const r = obj(raw);
      const integrations = Object.entries(r).filter(([k, v]) => k.endsWith('_configs') && list(v).length > 0);
      const sendResolved = integrations.some(([k, v]) => list(v).some((c) => obj(c).send_resolved ?? k === 'webhook_configs'));
      const slackChannels = list(r.slack_configs).map((c) => String(obj(c).channel ?? ''));
      const name = String(r.name);
      return [name, { name, kinds: integrations.map(([k]) => k.replace(/_configs$/, '')), sendResolved: Boolean(sendResolved), slackChannels }];
    }),
  );
}

export interface Notification {
  /** The Alertmanager receiver it came from: named by a webhook payload, inferred from a Slack channel. */
  receiver: string;
  status: 'firing' | 'resolved';
  receivedAt: string;
  /** The alerts it carries: full labels for webhooks; the alert name only for Slack (`fullLabels` false). */
  alerts: { status: string; labels: Record<string, string> }[];
  fullLabels: boolean;
}

function fromWebhook(p: RecordedPayload): Notification | undefined {
  const b = obj(p.body);
  if (typeof b.receiver !== 'string') return undefined;
  const alerts = list(b.alerts).map((a) => ({ status: String(obj(a).status ?? b.status), labels: obj(obj(a).labels) as Record<string, string> }));
  return { receiver: b.receiver, status: b.status === 'resolved' ? 'resolved' : 'firing', receivedAt: p.receivedAt, alerts, fullLabels: true };
}

function fromSlack(p: RecordedPayload, specs: Map<string, ReceiverSpec>): Notification | undefined {
  const b = obj(p.body);
  const channel = String(b.channel ?? '');
  const title =
    list(b.attachments)
      .map((a) => String(obj(a).title ?? ''))
      .join(' ') || String(b.text ?? '');
  const receiver = [...specs.values()].find((s) => s.slackChannels.includes(channel))?.name ?? `slack ${channel || '(no channel)'}`;
  const resolved = /\bRESOLVED\b/i.test(title);
  const alertname = /\]\s*(\S+)/.exec(title)?.[1] ?? '';
  return {
    receiver,
    status: resolved ? 'resolved' : 'firing',
    receivedAt: p.receivedAt,
    alerts: [{ status: resolved ? 'resolved' : 'firing', labels: { alertname } }],
    fullLabels: false,
  };
}

/** Every recorded payload as a notification (payloads neither shape describes are left out). */
export function notificationsOf(payloads: RecordedPayload[], specs: Map<string, ReceiverSpec>): Notification[] {
  return payloads.flatMap((p) => {
    const n = p.path === '/slack' ? fromSlack(p, specs) : fromWebhook(p);
    return n ? [n] : [];
  });
}

/** The alert a notification is about: every expected label equal (Slack messages: the alert name). */
export function carries(n: Notification, labels: Record<string, string>, status: 'firing' | 'resolved'): boolean {
  const wanted = n.fullLabels ? labels : { alertname: labels.alertname ?? '' };
  return n.status === status && n.alerts.some((a) => Object.entries(wanted).every(([k, v]) => a.labels[k] === v));
}

import type { ItemContext } from '../../../src/harness/context.js';
import type { Finding } from '../../../src/registry/errors.js';
import type { AlertmanagerAlert } from '../../../src/probes/alertmanager.js';
import type { PrometheusAlert } from '../../../src/probes/prometheus.js';
import { pollUntil } from '../../../src/probes/poll.js';
import { routedReceivers } from '../../../src/harness/checks/alertmanager.js';
import { carries, notificationsOf, type Notification, type ReceiverSpec } from '../../../src/harness/checks/notifications.js';

/** One test alert on its way: how it is raised and resolved, and how it is recognised. */
export interface TestAlert {
  /** For messages: `the posted alert`, `rule ChecklistSmokeTest`. */
  what: string;
  /** Labels that identify it (a subset of its labels). */
  labels: Record<string, string>;
  /** A rule alert is first seen firing in Prometheus; a posted one goes to Alertmanager directly. */
  viaPrometheus: boolean;
  fire(): Promise<void>;
  resolve(): Promise<void>;
}

/** How long each hop may take, from the deployment's own intervals (never a fixed sleep). */
export interface PathDeadlines {
  firingInPrometheusMs: number;
  inAlertmanagerMs: number;
  notifiedMs: number;
  resolvedMs: number;
}

export interface PathResult {
  findings: Finding[];
  timings: Record<string, number | null>;
  expectedReceivers: string[];
  notifications: Notification[];
}

const matches = (labels: Record<string, string>, wanted: Record<string, string>) => Object.entries(wanted).every(([k, v]) => labels[k] === v);
const READABLE = new Set(['webhook', 'slack']);

/**
 * Follows one test alert: firing in Prometheus (rule alerts), in Alertmanager routed to the receivers
 * the routing tree names, notified to the receiver with its labels; then resolved in both and the
 * resolution notified. Every hop is timed; the first hop that fails ends the path (it is resolved anyway).
 */
export async function followAlertPath(ctx: ItemContext, alert: TestAlert, specs: Map<string, ReceiverSpec>, d: PathDeadlines): Promise<PathResult> {
  const { prometheus, alertmanager, target } = ctx;
  const findings: Finding[] = [];
  const timings: Record<string, number | null> = {};
  const result = (expectedReceivers: string[] = [], notifications: Notification[] = []): PathResult => ({
    findings,
    timings,
    expectedReceivers,
    notifications,
  });
  const amFilter = Object.entries(alert.labels).map(([k, v]) => `${k}="${v}"`);
  const t0 = performance.now();
  const since = () => Math.round(performance.now() - t0);
  await alert.fire();

  let labels = alert.labels;
  if (alert.viaPrometheus) {
    const firing = await pollUntil(
      () => prometheus.alerts(),
      (list) => list.some((a) => a.state === 'firing' && matches(a.labels, alert.labels)),
      { timeoutMs: d.firingInPrometheusMs, intervalMs: 250 },
    );
    const seen: PrometheusAlert | undefined = firing.value.find((a) => matches(a.labels, alert.labels));
    timings.firingInPrometheusMs = firing.ok ? since() : null;
    if (!firing.ok || !seen) {
      findings.push({
        expected: `${alert.what} firing in Prometheus within ${d.firingInPrometheusMs / 1000} s`,
        found: seen ? `state ${seen.state}` : 'no such alert',
        where: `${prometheus.url}/api/v1/alerts`,
        hint: "check the rule's expression and that its metric is scraped",
      });
      return result();
    }
    labels = seen.labels;
  }

  const inAm = await pollUntil(
    () => alertmanager.alerts(amFilter),
    (list) => list.length > 0,
    { timeoutMs: d.inAlertmanagerMs, intervalMs: 250 },
  );
  const amAlert: AlertmanagerAlert | undefined = inAm.value[0];
  timings.inAlertmanagerMs = inAm.ok ? since() : null;
  if (!amAlert) {
    findings.push({
      expected: `${alert.what} in Alertmanager within ${d.inAlertmanagerMs / 1000} s`,
      found: 'not there',
      where: `${alertmanager.url}/api/v2/alerts`,
      hint: alert.viaPrometheus
        ? 'check that Prometheus sends to this Alertmanager (alerting.alertmanagers, /api/v1/alertmanagers)'
        : 'read the Alertmanager log',
    });
    return result();
  }
  labels = { ...amAlert.labels };
  if (amAlert.status.state === 'suppressed') {
    findings.push({
      expected: `${alert.what} active in Alertmanager`,
      found: `suppressed (silenced by ${amAlert.status.silencedBy.join(', ') || 'none'}, inhibited by ${amAlert.status.inhibitedBy.join(', ') || 'none'})`,
      where: `${alertmanager.url}/api/v2/alerts`,
      hint: 'expire the silence or fix the inhibit rule that hides it',
    });
  }

  // Routed where the routing tree says: amtool on the tree, against what Alertmanager computed.
  const routes = await routedReceivers(target, labels);
  const expected = routes.receivers;
  const amReceivers = amAlert.receivers.map((r) => r.name).sort();
  if (routes.run.exitCode !== 0)
    findings.push({
      expected: 'amtool config routes test to route the alert',
      found: `exit ${routes.run.exitCode}: ${routes.run.stderr.trim()}`,
      where: routes.run.where,
    });
  else if ([...expected].sort().join(',') !== amReceivers.join(','))
    findings.push({
      expected: `Alertmanager to route ${alert.what} to ${expected.join(', ')} (the routing tree, amtool config routes test)`,
      found: `routed to ${amReceivers.join(', ')}`,
      where: `${alertmanager.url}/api/v2/alerts`,
      hint: 'Alertmanager runs another configuration than the tree: deploy it and reload',
    });
  const dropping = expected.filter((name) => (specs.get(name)?.kinds.length ?? 0) === 0);
  if (dropping.length)
    findings.push({
      expected: `${alert.what} routed to receivers that notify someone`,
      found: `routed to ${dropping.join(', ')}, which has no notification integration: the notification is dropped`,
      where: `route of ${JSON.stringify(labels)} in the Alertmanager configuration`,
      hint: 'give the receiver a *_configs integration, or route the alert elsewhere',
    });
  if (!ctx.target.receiver) return result(expected);

  // Received, with its labels, by the receivers the suite can read back.
  const readable = expected.filter((name) => specs.get(name)?.kinds.some((k) => READABLE.has(k)));
  if (!readable.length) {
    if (!dropping.length)
      findings.push({
        expected: `${alert.what} routed to a receiver whose notifications can be read back (webhook or Slack)`,
        found: `routed to ${expected.map((r) => `${r} (${specs.get(r)?.kinds.join(', ') || 'nothing'})`).join(', ')}`,
        where: `${target.receiver!.url}/payloads`,
        hint: 'choose SMOKE_ALERT_LABELS that route to a receiver RECEIVER_URL records',
      });
    return result(expected);
  }
  const read = async () => notificationsOf(await ctx.receiver.payloads(), specs);
  const startedAt = new Date(Date.now() - since()).toISOString();
  const ours = (list: Notification[], status: 'firing' | 'resolved') => list.filter((n) => n.receivedAt >= startedAt && carries(n, labels, status));
  const notified = await pollUntil(read, (list) => readable.length > 0 && readable.every((r) => ours(list, 'firing').some((n) => n.receiver === r)), {
    timeoutMs: d.notifiedMs,
    intervalMs: 250,
  });
  const firing = ours(notified.value, 'firing');
  timings.notifiedMs = firing.length ? since() : null;
  const unexpected = [...new Set(firing.map((n) => n.receiver))].filter((r) => !expected.includes(r));
  // Every routed receiver that notifies through a webhook or Slack is read back at RECEIVER_URL.
  const silent = readable.filter((r) => !firing.some((n) => n.receiver === r));
  if (silent.length) {
    findings.push({
      expected: `a notification of ${alert.what} (labels ${JSON.stringify(alert.labels)}) from ${readable.join(' and ')} within ${d.notifiedMs / 1000} s`,
      found: `none from ${silent.join(', ')} among ${notified.value.length} recorded notification(s)${firing.length ? ` (received from ${[...new Set(firing.map((n) => n.receiver))].join(', ')})` : ''}`,
      where: `${target.receiver!.url}/payloads`,
      hint: "check the receiver's URL in the Alertmanager configuration and alertmanager_notifications_failed_total; choose SMOKE_ALERT_LABELS that route to receivers RECEIVER_URL records",
    });
  }
  if (unexpected.length)
    findings.push({
      expected: `notifications only from ${expected.join(', ')}`,
      found: `also from ${unexpected.join(', ')}`,
      where: `${target.receiver!.url}/payloads`,
    });

  // Resolved: gone from Prometheus and Alertmanager, and the resolution notified where it is sent.
  const t1 = performance.now();
  await alert.resolve();
  const gone = await pollUntil(
    () => alertmanager.alerts(amFilter),
    (list) => list.length === 0,
    { timeoutMs: d.resolvedMs, intervalMs: 250 },
  );
  timings.resolvedInAlertmanagerMs = gone.ok ? Math.round(performance.now() - t1) : null;
  if (!gone.ok)
    findings.push({
      expected: `${alert.what} resolved in Alertmanager within ${d.resolvedMs / 1000} s`,
      found: `still ${gone.value.map((a) => a.status.state).join(', ')}`,
      where: `${alertmanager.url}/api/v2/alerts`,
    });
  const resolvers = [...new Set(firing.map((n) => n.receiver))].filter((r) => specs.get(r)?.sendResolved);
  const resolved = await pollUntil(read, (list) => resolvers.every((r) => ours(list, 'resolved').some((n) => n.receiver === r)), {
    timeoutMs: d.resolvedMs,
    intervalMs: 250,
  });
  timings.resolutionNotifiedMs = resolvers.length && resolved.ok ? Math.round(performance.now() - t1) : null;
  const unresolved = resolvers.filter((r) => !ours(resolved.value, 'resolved').some((n) => n.receiver === r));
  if (unresolved.length)
    findings.push({
      expected: `the resolution of ${alert.what} notified by ${unresolved.join(', ')} (send_resolved) within ${d.resolvedMs / 1000} s`,
      found: 'no resolved notification',
      where: `${target.receiver!.url}/payloads`,
    });
  return result(expected, [...firing, ...ours(resolved.value, 'resolved')]);
}

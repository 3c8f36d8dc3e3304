import { randomUUID } from 'node:crypto';
import { parse } from 'yaml';
import type { ItemContext } from '../../../src/harness/context.js';
import { pollUntil } from '../../../src/probes/poll.js';
import type { Finding } from '../../../src/registry/errors.js';
import { durationMs } from '../../../src/harness/checks/prometheus-config.js';
import { receiverSpecs, type ReceiverSpec } from '../../../src/harness/checks/notifications.js';
import type { PathDeadlines, TestAlert } from './alert-path.js';

/** The metric the reference tree's test rule watches (fixtures/alert-receiver sets it; monitoring/alerts/checklist-smoke-test.yml). */
export const TRIGGER_METRIC = 'checklist_smoke_test_trigger';
/** The alert name of the alert SMOKE-3.2 posts to Alertmanager's API v2. */
export const POSTED_ALERTNAME = 'ChecklistSmokeTestPosted';
/** How long the posted alert lasts unless resolved: Alertmanager resolves it by itself even if the run dies. */
const POSTED_TTL_MS = 10 * 60_000;
/** Margin over the deployment's own intervals for each hop (scheduling, a busy machine). */
const SLACK_MS = 15_000;

type Yaml = Record<string, unknown>;
const obj = (v: unknown): Yaml => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Yaml) : {});
const ms = (v: unknown, fallback: string) => durationMs(typeof v === 'string' ? v : fallback);

export interface AlertPlan {
  alerts: TestAlert[];
  specs: Map<string, ReceiverSpec>;
  deadlines: PathDeadlines;
  findings: Finding[];
}

/**
 * What SMOKE-3.2 raises: an alert posted to Alertmanager's API v2 (both modes) and, on the reference
 * stack, the test rule fired by moving its metric. Deadlines come from the deployment's intervals.
 */
export async function planAlertPath(ctx: ItemContext): Promise<AlertPlan> {
  const { target, prometheus, alertmanager } = ctx;
  const [status, promYaml, groups] = await Promise.all([alertmanager.status(), prometheus.configYaml(), prometheus.rules()]);
  const route = obj(obj(parse(status.config.original)).route);
  const global = obj(obj(parse(promYaml)).global);
  const scrape = ms(global.scrape_interval, '1m');
  const evaluation = ms(global.evaluation_interval, '1m');
  const findings: Finding[] = [];
  const run = randomUUID().slice(0, 8);
  const labels = { alertname: POSTED_ALERTNAME, ...target.smokeAlert.labels, checklist_run: run };
  // The alert keeps its start time when it is resolved: Alertmanager refuses an end that is not after the start.
  const startsAt = new Date(Date.now() - 1_000);
  const post = (endsAt: Date) =>
    alertmanager
      .postAlerts([
        {
          labels,
          annotations: { summary: 'Deployment checklist test alert (SMOKE-3.2); resolves by itself' },
          startsAt: startsAt.toISOString(),
          endsAt: endsAt.toISOString(),
        },
      ])
      .then((res) => {
        if (res.status !== 200)
          findings.push({ expected: 'POST /api/v2/alerts to answer 200', found: `${res.status} ${res.body.slice(0, 160)}`, where: res.url });
      });
  const alerts: TestAlert[] = [
    { what: 'the posted test alert', labels, viaPrometheus: false, fire: () => post(new Date(Date.now() + POSTED_TTL_MS)), resolve: () => post(new Date()) },
  ];
  let forMs = 0;
  if (target.mode === 'reference') {
    const rule = groups.flatMap((g) => g.rules).find((r) => r.type === 'alerting' && r.query.includes(TRIGGER_METRIC));
    if (!rule) {
      findings.push({
        expected: `an alerting rule on ${TRIGGER_METRIC} (the reference tree's test rule)`,
        found: `none among ${groups.flatMap((g) => g.rules).length} rules`,
        where: `${prometheus.url}/api/v1/rules`,
        hint: 'deploy monitoring/alerts/checklist-smoke-test.yml and the alert-receiver scrape job',
      });
    } else {
      forMs = (rule.duration ?? 0) * 1000;
      alerts.push({
        what: `rule ${rule.name}`,
        labels: { alertname: rule.name },
        viaPrometheus: true,
        fire: () => ctx.receiver.setTrigger(1),
        resolve: () => ctx.receiver.setTrigger(0),
      });
    }
  }
  return {
    alerts,
    specs: receiverSpecs(status.config.original),
    findings,
    deadlines: {
      firingInPrometheusMs: 2 * scrape + 2 * evaluation + forMs + SLACK_MS,
      inAlertmanagerMs: evaluation + SLACK_MS,
      // A new group waits group_wait; an alert that joins an existing group waits for its next flush.
      notifiedMs: ms(route.group_wait, '30s') + ms(route.group_interval, '5m') + SLACK_MS,
      resolvedMs: ms(route.group_interval, '5m') + 2 * evaluation + SLACK_MS,
    },
  };
}

/** Nothing of the test left firing in Prometheus or Alertmanager (given `settleMs` after the clean-up), and no silence over it. */
export async function leftoverFindings(ctx: ItemContext, alerts: TestAlert[], settleMs: number): Promise<{ findings: Finding[]; seen: unknown }> {
  const { prometheus, alertmanager } = ctx;
  const matches = (l: Record<string, string>, w: Record<string, string>) => Object.entries(w).every(([k, v]) => l[k] === v);
  const look = async () => {
    const [firing, silences, ...inAm] = await Promise.all([
      prometheus.alerts(),
      alertmanager.silences(),
      ...alerts.map((a) => alertmanager.alerts(Object.entries(a.labels).map(([k, v]) => `${k}="${v}"`))),
    ]);
    const left = alerts.filter((a, i) => (a.viaPrometheus && firing.some((f) => matches(f.labels, a.labels))) || (inAm[i]?.length ?? 0) > 0);
    const over = silences.filter(
      (s) => s.status.state === 'active' && alerts.some((a) => s.matchers.every((m) => !m.isRegex && m.isEqual !== false && a.labels[m.name] === m.value)),
    );
    return { left, over };
  };
  // A resolved rule alert leaves at Prometheus' next evaluation, then Alertmanager: polled, never slept.
  const { value } = await pollUntil(look, (v) => v.left.length === 0, { timeoutMs: settleMs, intervalMs: 250 });
  const findings: Finding[] = [];
  if (value.left.length)
    findings.push({
      expected: 'nothing of the test left firing',
      found: value.left.map((a) => a.what).join(', '),
      where: `${prometheus.url}/api/v1/alerts, ${alertmanager.url}/api/v2/alerts`,
      hint: 'resolve it by hand (post it again with endsAt now; reset the trigger)',
    });
  if (value.over.length)
    findings.push({
      expected: 'no silence over the test alerts',
      found: value.over.map((s) => `${s.id} by ${s.createdBy}: ${s.comment}`).join('; '),
      where: `${alertmanager.url}/api/v2/silences`,
      hint: 'expire the silence, or it will hide real alerts with these labels',
    });
  return { findings, seen: { leftFiring: value.left.map((a) => a.what), silencesOverTest: value.over.map((s) => s.id) } };
}

import type { ItemContext } from './context.js';
import { ItemBroken } from '../registry/errors.js';
import { errorRatio, metricsEndpointP95 } from '../probes/performance.js';
import type { Baseline, RollbackDecision, Trigger } from './record.js';
import { escapeRegExp } from '../registry/regexp.js';

/** The seed: "Application performance degraded > 20 %". */
export const DEGRADATION = 0.2;
/**
 * Below this, a p95 difference is measurement noise, not degradation: 20 % of a 5 ms endpoint is
 * 1 ms, under the jitter of one host's scheduler. A quarter of the seed's 100 ms latency budget.
 */
export const P95_NOISE_FLOOR_MS = 25;
/** Below this (one percentage point), an error-ratio difference is a single failed request, not a trend. */
export const ERROR_RATIO_NOISE_FLOOR = 0.01;
/** Requests per latency measurement (baseline and RB-0): enough that one slow request does not decide the p95 alone. */
export const LATENCY_SAMPLES = 40;

const why = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0]! : String(e));
const settle = <T>(p: Promise<T>): Promise<T | Error> => p.catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));

/**
 * The seed's rollback triggers, from live data: critical metrics not collected, the metrics endpoint's
 * p95 or the error ratio more than 20 % worse than the run's baseline, a high error rate, Prometheus or
 * Grafana unreachable, more than MAX_FIRING_ALERTS alerts firing. Probes run in parallel.
 */
export async function evaluateTriggers(ctx: ItemContext, baseline: Baseline | undefined): Promise<{ decision: RollbackDecision; undecided: string[] }> {
  const { target, prometheus, grafana, app } = ctx;
  const { criticalMetrics, errorRatioQuery, maxErrorRatio, maxFiringAlerts } = target.rollback;
  const names = criticalMetrics.map(escapeRegExp).join('|');
  const [ready, health, collected, latency, ratio, alerts] = await Promise.all([
    settle(prometheus.ready()),
    settle(grafana.health()),
    settle(prometheus.query(`group by (__name__) ({__name__=~"${names}", job="${target.app.job}"})`)),
    settle(metricsEndpointP95(app, LATENCY_SAMPLES, target.httpTimeoutMs)),
    settle(errorRatio(prometheus, errorRatioQuery)),
    settle(prometheus.alerts()),
  ]);
  const triggers: Trigger[] = [];
  const undecided: string[] = [];
  const add = (name: string, value: unknown, decide: () => Omit<Trigger, 'name'>) => {
    if (value instanceof Error) {
      undecided.push(`${name}: ${why(value)}`);
      triggers.push({ name, breached: false, detail: `not evaluated: ${why(value)}` });
    } else triggers.push({ name, ...decide() });
  };
  triggers.push(
    ready instanceof Error || ready.status !== 200
      ? { name: 'Prometheus reachable', breached: true, detail: ready instanceof Error ? why(ready) : `GET ${ready.url} answered ${ready.status}` }
      : { name: 'Prometheus reachable', breached: false, detail: `${ready.url} ready` },
    health instanceof Error || health.status !== 200
      ? { name: 'Grafana reachable', breached: true, detail: health instanceof Error ? why(health) : `GET ${health.url} answered ${health.status}` }
      : { name: 'Grafana reachable', breached: false, detail: `${health.url} answered 200` },
  );
  add('critical metrics collected', collected, () => {
    const present = new Set(collected instanceof Error ? [] : collected.map((s) => s.metric.__name__));
    const missing = criticalMetrics.filter((n) => !present.has(n));
    return {
      breached: missing.length > 0,
      detail: missing.length
        ? `not in Prometheus for job ${target.app.job}: ${missing.join(', ')} (CRITICAL_METRICS)`
        : `${criticalMetrics.length} of ${criticalMetrics.length} collected`,
    };
  });
  // One p95 of 40 requests on a shared host can spike: a degradation counts when a second
  // measurement, taken right after, confirms it (a real one persists; a scheduling spike does not).
  const degraded = (p95: number) => p95 > baseline!.metricsP95Ms * (1 + DEGRADATION) && p95 - baseline!.metricsP95Ms > P95_NOISE_FLOOR_MS;
  const first = latency instanceof Error ? undefined : latency.p95Ms;
  const second = baseline && first !== undefined && degraded(first) ? await settle(metricsEndpointP95(app, LATENCY_SAMPLES, target.httpTimeoutMs)) : undefined;
  add(
    'metrics endpoint p95 not degraded > 20 %',
    !baseline ? new Error('no baseline was recorded before the items ran') : second instanceof Error ? second : latency,
    () => {
      const confirm = second && !(second instanceof Error) ? second.p95Ms : undefined;
      const breached = first !== undefined && degraded(first) && confirm !== undefined && degraded(confirm);
      const seen = confirm === undefined ? `p95 ${first} ms now` : `p95 ${first} ms, then ${confirm} ms now`;
      return {
        breached,
        detail: `${seen} vs ${baseline!.metricsP95Ms} ms at the baseline ${baseline!.at} (${LATENCY_SAMPLES} requests each; degraded means > +20 % and > +${P95_NOISE_FLOOR_MS} ms, twice in a row)`,
      };
    },
  );
  add('error rate not high', ratio, () => {
    const now = ratio as number | null;
    return {
      breached: now !== null && now > maxErrorRatio,
      detail: now === null ? 'no requests counted' : `${(now * 100).toFixed(2)} % of requests failed (limit ${maxErrorRatio * 100} %, MAX_ERROR_RATIO)`,
    };
  });
  add('error ratio not degraded > 20 %', baseline ? ratio : new Error('no baseline was recorded before the items ran'), () => {
    const now = (ratio as number | null) ?? 0;
    const base = baseline!.errorRatio ?? 0;
    const breached = now > base * (1 + DEGRADATION) && now - base > ERROR_RATIO_NOISE_FLOOR;
    return { breached, detail: `${(now * 100).toFixed(2)} % now vs ${(base * 100).toFixed(2)} % at the baseline` };
  });
  add('no alert storm', alerts, () => {
    const firing = (alerts as Awaited<ReturnType<typeof prometheus.alerts>>).filter((a) => a.state === 'firing');
    const names = [...new Set(firing.map((a) => a.labels.alertname ?? '?'))];
    return {
      breached: firing.length > maxFiringAlerts,
      detail: `${firing.length} alerts firing (limit ${maxFiringAlerts}, MAX_FIRING_ALERTS)${names.length ? `: ${names.slice(0, 12).join(', ')}` : ''}`,
    };
  });
  const breached = triggers.filter((t) => t.breached);
  return {
    decision: { at: new Date().toISOString(), recommended: breached.length > 0, reasons: breached.map((t) => `${t.name}: ${t.detail}`), triggers },
    undecided,
  };
}

/** An item that cannot read the run's record (no runner set CHECKLIST_RUN_DIR). */
export function noRunDir(id: string): ItemBroken {
  return new ItemBroken(`${id} needs the run's record (CHECKLIST_RUN_DIR); run it through \`npm run checklist\` or Vitest's global setup`);
}

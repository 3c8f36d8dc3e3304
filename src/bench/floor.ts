import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** Prometheus / Alertmanager durations such as `5s`, `1m`, `500ms`, in milliseconds. */
export function durationMs(value: string | undefined, fallbackMs: number): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(String(value ?? '').trim());
  if (!m) return fallbackMs;
  const n = Number(m[1]);
  return Math.round(n * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h']);
}

export interface FloorTerm {
  term: string;
  ms: number;
  from: string;
}

/**
 * What a full run cannot go below on this configuration, term by term: the slowest container
 * ready, one scrape interval, one rule evaluation interval, the load test, the alert path's
 * configured delays and the drills' restarts.
 */
export function floorTerms(monitoringDir: string, measured: { slowestReadyMs: number; loadTestMs: number; resendDelayMs: number }): FloorTerm[] {
  const prom = parse(readFileSync(join(monitoringDir, 'prometheus.yml'), 'utf8')) as { global?: { scrape_interval?: string; evaluation_interval?: string } };
  const am = parse(readFileSync(join(monitoringDir, 'alertmanager', 'config.yml'), 'utf8')) as { route?: { group_wait?: string } };
  return [
    { term: 'slowest container ready', ms: measured.slowestReadyMs, from: 'median over the cold runs (stack progress lines)' },
    { term: 'one scrape interval', ms: durationMs(prom.global?.scrape_interval, 60_000), from: 'monitoring/prometheus.yml global.scrape_interval' },
    {
      term: 'one rule evaluation interval',
      ms: durationMs(prom.global?.evaluation_interval, 60_000),
      from: 'monitoring/prometheus.yml global.evaluation_interval',
    },
    { term: 'load test (ci profile)', ms: measured.loadTestMs, from: 'PRE-10.1 ci profile duration' },
    { term: 'alert path: group_wait', ms: durationMs(am.route?.group_wait, 30_000), from: 'monitoring/alertmanager/config.yml route.group_wait' },
    { term: 'alert path: resend delay', ms: measured.resendDelayMs, from: 'Prometheus --rules.alert.resend-delay of the reference stack' },
    {
      term: "drills' restarts (monitoring restored, app restarted)",
      ms: 2 * measured.slowestReadyMs,
      from: 'RB-2 and RB-3 each wait for containers to be ready again',
    },
  ];
}

/**
 * The seed's own procedure for the same checks: the fixed sleeps of its scripts (it sets no
 * timeouts), each with where it stands in the seed's deploy, smoke, verify and end-to-end steps.
 */
export const SEED_SLEEPS: readonly { where: string; ms: number }[] = [
  { where: 'Deployment step 2.2 (deploy monitoring stack): sleep 30', ms: 30_000 },
  { where: 'Deployment step 2.3 (deploy application): sleep 20', ms: 20_000 },
  { where: 'Deployment step 2.5 (configure Grafana): sleep 10', ms: 10_000 },
  { where: 'Verification 7, e2e_test.sh: sleep 20 (after generating activity)', ms: 20_000 },
  { where: 'Verification 7, e2e_test.sh: sleep 20 (after more activity)', ms: 20_000 },
];

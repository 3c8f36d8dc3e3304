import type { Finding } from '../../registry/errors.js';
import type { ActiveTarget, PrometheusClient } from '../../probes/prometheus.js';
import { pollUntil } from '../../probes/poll.js';

/** Checks of what Prometheus scrapes and stores: plain functions returning findings and what they saw. */

/** A PromQL label matcher with the value quoted as PromQL reads it. */
export function matcher(label: string, value: string): string {
  return `${label}=${JSON.stringify(value)}`;
}

/** How many series of each of `names` Prometheus holds now for `job` (a name it holds none of is absent). */
export async function familiesInPrometheus(prometheus: PrometheusClient, names: readonly string[], job: string): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  const result = await prometheus.query(`count by (__name__) ({__name__=~"${names.join('|')}", ${matcher('job', job)}})`);
  return new Map(result.map((r) => [r.metric.__name__ ?? '', Number(r.value[1])]));
}

/** Every active target, once none is `unknown` any more (the first scrape after a start or reload). */
export async function settledTargets(prometheus: PrometheusClient, timeoutMs = 20_000): Promise<ActiveTarget[]> {
  const polled = await pollUntil(
    () => prometheus.targets(),
    (list) => list.length > 0 && list.every((t) => t.health !== 'unknown'),
    { timeoutMs, intervalMs: 250 },
  );
  return polled.value;
}

/** Every target of every job UP, and the application's job among them. */
export function targetsUp(targets: ActiveTarget[], appJob: string, where: string): Finding[] {
  const notUp = targets.filter((t) => t.health !== 'up');
  const jobs = [...new Set(targets.map((t) => t.labels.job))];
  return [
    targets.length === 0 && { expected: 'at least one active target', found: 'none', where, hint: 'check scrape_configs in prometheus.yml' },
    notUp.length > 0 && {
      expected: `all ${targets.length} targets UP`,
      found: notUp.map((t) => `job ${t.labels.job} ${t.scrapeUrl} is ${t.health}${t.lastError ? ` (${t.lastError})` : ''}`).join('; '),
      where,
      hint: 'check that each target is running and reachable from Prometheus at its scrape URL',
    },
    targets.length > 0 &&
      !jobs.includes(appJob) && { expected: `a target of the application's job "${appJob}" (APP_JOB)`, found: `jobs ${jobs.join(', ')}`, where },
  ].filter((f): f is Finding => Boolean(f));
}

/** Age in seconds of the newest sample of `metric` for `job` (undefined: no such series now). */
export async function newestSampleAge(prometheus: PrometheusClient, metric: string, job: string): Promise<number | undefined> {
  const result = await prometheus.query(`time() - max(timestamp(${metric}{${matcher('job', job)}}))`);
  return result[0] ? Number(result[0].value[1]) : undefined;
}

/** How many samples of `metric` for `job` Prometheus stored over the last `window` (the most of any series). */
export async function storedSamples(prometheus: PrometheusClient, metric: string, job: string, window = '5m'): Promise<number> {
  const result = await prometheus.query(`max(count_over_time(${metric}{${matcher('job', job)}}[${window}]))`);
  return result[0] ? Number(result[0].value[1]) : 0;
}

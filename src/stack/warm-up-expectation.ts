import { parse } from 'yaml';

/**
 * "Ready" for the suite: every scrape job has had its first scrape, every rule group its first evaluation, and
 * Prometheus has discovered its Alertmanagers. A port that answers is not enough: Prometheus discovers targets
 * ~5 s after it is ready, and starts each scrape loop and rule group at an offset within its interval.
 */
export interface WarmUpExpectation {
  /** Scrape jobs with static targets, each of which must have an active target scraped at least once. */
  jobs: string[];
  /** How many Alertmanagers prometheus.yml names statically (0: not required). */
  alertmanagers: number;
  /** The longest scrape interval in the configuration, in ms. */
  maxScrapeIntervalMs: number;
  /** The global evaluation interval, in ms (rule groups may override it; the rules API tells). */
  evaluationIntervalMs: number;
}

/** Parses a Prometheus duration such as `15s`, `1m30s` or `500ms`. */
export function parseDuration(text: string): number {
  const units: Record<string, number> = {
    ms: 1,
    s: 1_000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
    w: 604_800_000,
    y: 31_536_000_000,
  };
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new Error(`not a Prometheus duration: ${JSON.stringify(text)}`);
  return parts.reduce((total, [, n, unit]) => total + Number(n) * (units[unit ?? 's'] ?? 0), 0);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function staticTargets(config: Record<string, unknown>): number {
  return list(config.static_configs).reduce<number>((n, sc) => n + list(record(sc).targets).length, 0);
}

/**
 * A duration from the configuration, or Prometheus's default when it is absent or not a duration (Prometheus then
 * refuses the configuration itself, and its readiness failure shows its own reason in its log lines).
 */
function durationOr(value: unknown, fallbackMs: number): number {
  if (typeof value !== 'string') return fallbackMs;
  try {
    return parseDuration(value);
  } catch {
    return fallbackMs;
  }
}

/** What to wait for, from the text of prometheus.yml (an unparseable file expects nothing: Prometheus will refuse it). */
export function warmUpExpectation(prometheusYml: string): WarmUpExpectation {
  let parsed: unknown;
  try {
    parsed = parse(prometheusYml);
  } catch {
    parsed = {};
  }
  const config = record(parsed);
  const global = record(config.global);
  const globalScrape = durationOr(global.scrape_interval, 60_000);
  const jobs: string[] = [];
  let maxScrapeIntervalMs = globalScrape;
  for (const job of list(config.scrape_configs).map(record)) {
    if (typeof job.job_name !== 'string' || staticTargets(job) === 0) continue;
    jobs.push(job.job_name);
    maxScrapeIntervalMs = Math.max(maxScrapeIntervalMs, durationOr(job.scrape_interval, globalScrape));
  }
  const alertmanagers = list(record(config.alerting).alertmanagers).reduce<number>((n, am) => n + staticTargets(record(am)), 0);
  const evaluationIntervalMs = durationOr(global.evaluation_interval, 60_000);
  return { jobs, alertmanagers, maxScrapeIntervalMs, evaluationIntervalMs };
}

import { setTimeout as delay } from 'node:timers/promises';
import { request } from 'undici';
import { parse } from 'yaml';
import { errorMessage } from './errors.js';

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

const ZERO_TIME = '0001-01-01T00:00:00Z';
/** Prometheus's target discovery publishes its first target sets ~5 s after start. */
const DISCOVERY_DELAY_MS = 6_000;

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
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text)
    throw new Error(`not a Prometheus duration: ${JSON.stringify(text)}`);
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
  const alertmanagers = list(record(config.alerting).alertmanagers).reduce<number>(
    (n, am) => n + staticTargets(record(am)),
    0,
  );
  const evaluationIntervalMs = durationOr(global.evaluation_interval, 60_000);
  return { jobs, alertmanagers, maxScrapeIntervalMs, evaluationIntervalMs };
}

interface Observation {
  done: boolean;
  /** What is still missing, one entry per item, for failure messages. */
  missing: string[];
  /** The same, counted, for progress messages. */
  summary: string;
  targets: number;
  groups: number;
  longestGroupIntervalMs: number;
}

async function getJson(url: string, timeoutMs: number): Promise<Record<string, unknown>> {
  const response = await request(url, {
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`GET ${url} answered ${response.statusCode}: ${text.slice(0, 200)}`);
  return record(record(JSON.parse(text)).data);
}

async function observe(baseUrl: string, expectation: WarmUpExpectation): Promise<Observation> {
  const [targetsData, rulesData, amData] = await Promise.all([
    getJson(`${baseUrl}/api/v1/targets?state=active`, 1_000),
    getJson(`${baseUrl}/api/v1/rules`, 1_000),
    expectation.alertmanagers > 0
      ? getJson(`${baseUrl}/api/v1/alertmanagers`, 1_000)
      : Promise.resolve<Record<string, unknown>>({}),
  ]);
  const targets = list(targetsData.activeTargets).map(record);
  const undiscovered = expectation.jobs
    .filter((job) => !targets.some((t) => t.scrapePool === job))
    .map((job) => `job ${job}: no active target yet`);
  const unscraped = targets
    .filter((t) => t.lastScrape === ZERO_TIME || t.lastScrape === undefined)
    .map((t) => `target ${String(t.scrapeUrl)} (job ${String(t.scrapePool)}): not scraped yet`);
  const groups = list(rulesData.groups).map(record);
  const unevaluated = groups
    .filter((g) => g.lastEvaluation === ZERO_TIME || g.lastEvaluation === undefined)
    .map((g) => `rule group ${String(g.name)}: not evaluated yet`);
  const longestGroupIntervalMs = Math.max(
    0,
    ...groups.map((g) => (typeof g.interval === 'number' ? g.interval * 1_000 : 0)),
  );
  const activeAms = list(amData.activeAlertmanagers).length;
  const amsMissing =
    activeAms < expectation.alertmanagers
      ? [`alertmanagers: ${activeAms} of ${expectation.alertmanagers} discovered`]
      : [];
  const missing = [...undiscovered, ...unscraped, ...unevaluated, ...amsMissing];
  const summary = [
    undiscovered.length > 0 ? `${undiscovered.length} of ${expectation.jobs.length} jobs without targets` : '',
    unscraped.length > 0 ? `${unscraped.length} of ${targets.length} targets not scraped` : '',
    unevaluated.length > 0 ? `${unevaluated.length} of ${groups.length} rule groups not evaluated` : '',
    amsMissing.length > 0 ? `${activeAms} of ${expectation.alertmanagers} Alertmanagers discovered` : '',
  ]
    .filter((part) => part !== '')
    .join(', ');
  return {
    done: missing.length === 0,
    missing,
    summary,
    targets: targets.length,
    groups: groups.length,
    longestGroupIntervalMs,
  };
}

export interface WarmUpResult {
  elapsedMs: number;
  targets: number;
  groups: number;
}

/**
 * Polls Prometheus (every `intervalMs`) until the expectation holds. The deadline is `timeoutMs`, stretched when the
 * configuration's intervals need longer (discovery + the longest scrape interval, the longest rule group interval).
 * Throws an Error saying what was still missing and how long it waited.
 */
export async function waitForFirstScrapeAndEvaluation(
  baseUrl: string,
  expectation: WarmUpExpectation,
  options: { timeoutMs?: number; intervalMs?: number; onProgress?: (msg: string) => void } = {},
): Promise<WarmUpResult> {
  const started = performance.now();
  const intervalMs = options.intervalMs ?? 100;
  let deadlineMs = Math.max(
    options.timeoutMs ?? 30_000,
    DISCOVERY_DELAY_MS + expectation.maxScrapeIntervalMs + 2_000,
    expectation.evaluationIntervalMs + 2_000,
  );
  let last = 'no answer yet';
  let summary = last;
  let lastReported = '';
  for (;;) {
    try {
      const seen = await observe(baseUrl, expectation);
      const elapsedMs = Math.round(performance.now() - started);
      if (seen.done) return { elapsedMs, targets: seen.targets, groups: seen.groups };
      deadlineMs = Math.max(deadlineMs, seen.longestGroupIntervalMs + 2_000);
      last = seen.missing.join('; ');
      summary = seen.summary;
    } catch (error) {
      last = `Prometheus API error: ${errorMessage(error)}`;
      summary = last;
    }
    const elapsedMs = Math.round(performance.now() - started);
    if (summary !== lastReported) {
      options.onProgress?.(`prometheus warming up (${elapsedMs} ms): ${summary}`);
      lastReported = summary;
    }
    if (elapsedMs + intervalMs > deadlineMs) {
      throw new Error(`after ${elapsedMs} ms (deadline ${deadlineMs} ms) still missing: ${last}`);
    }
    await delay(intervalMs);
  }
}

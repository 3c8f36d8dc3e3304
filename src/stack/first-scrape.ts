import { PrometheusClient } from '../probes/prometheus.js';
import { pollUntil } from '../probes/poll.js';
import { errorMessage } from './errors.js';
import type { WarmUpExpectation } from './warm-up-expectation.js';

const ZERO_TIME = '0001-01-01T00:00:00Z';
/** Prometheus's target discovery publishes its first target sets ~5 s after start. */
const DISCOVERY_DELAY_MS = 6_000;
/** Each API call of an attempt: Prometheus answers these in milliseconds when it is up. */
const CALL_TIMEOUT_MS = 1_000;

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

const notScraped = (at: string | undefined): boolean => at === ZERO_TIME || at === undefined;

async function observe(prometheus: PrometheusClient, expectation: WarmUpExpectation): Promise<Observation> {
  const [targets, groups, ams] = await Promise.all([
    prometheus.targets(),
    prometheus.rules(),
    expectation.alertmanagers > 0 ? prometheus.alertmanagers() : Promise.resolve({ activeAlertmanagers: [] }),
  ]);
  const undiscovered = expectation.jobs.filter((job) => !targets.some((t) => t.scrapePool === job)).map((job) => `job ${job}: no active target yet`);
  const unscraped = targets.filter((t) => notScraped(t.lastScrape)).map((t) => `target ${t.scrapeUrl} (job ${t.scrapePool}): not scraped yet`);
  const unevaluated = groups.filter((g) => notScraped(g.lastEvaluation)).map((g) => `rule group ${g.name}: not evaluated yet`);
  const longestGroupIntervalMs = Math.max(0, ...groups.map((g) => (g.interval ?? 0) * 1_000));
  const activeAms = ams.activeAlertmanagers.length;
  const amsMissing = activeAms < expectation.alertmanagers ? [`alertmanagers: ${activeAms} of ${expectation.alertmanagers} discovered`] : [];
  const missing = [...undiscovered, ...unscraped, ...unevaluated, ...amsMissing];
  const summary = [
    undiscovered.length > 0 ? `${undiscovered.length} of ${expectation.jobs.length} jobs without targets` : '',
    unscraped.length > 0 ? `${unscraped.length} of ${targets.length} targets not scraped` : '',
    unevaluated.length > 0 ? `${unevaluated.length} of ${groups.length} rule groups not evaluated` : '',
    amsMissing.length > 0 ? `${activeAms} of ${expectation.alertmanagers} Alertmanagers discovered` : '',
  ]
    .filter((part) => part !== '')
    .join(', ');
  return { done: missing.length === 0, missing, summary, targets: targets.length, groups: groups.length, longestGroupIntervalMs };
}

/** An attempt whose API call failed: not done, and what went wrong is what was found. */
function failedObservation(error: unknown): Observation {
  const message = `Prometheus API error: ${errorMessage(error)}`;
  return { done: false, missing: [message], summary: message, targets: 0, groups: 0, longestGroupIntervalMs: 0 };
}

export interface WarmUpResult {
  elapsedMs: number;
  targets: number;
  groups: number;
}

/**
 * Polls Prometheus (every `intervalMs`, through the probe client) until the expectation holds. The deadline is
 * `timeoutMs`, stretched when the configuration's intervals need longer (discovery + the longest scrape interval,
 * the longest rule group interval). Throws an Error saying what was still missing and how long it waited.
 */
export async function waitForFirstScrapeAndEvaluation(
  baseUrl: string,
  expectation: WarmUpExpectation,
  options: { timeoutMs?: number; intervalMs?: number; onProgress?: (msg: string) => void } = {},
): Promise<WarmUpResult> {
  const prometheus = new PrometheusClient(baseUrl, CALL_TIMEOUT_MS);
  let lastReported = '';
  const result = await pollUntil(
    () => observe(prometheus, expectation).catch(failedObservation),
    (seen) => seen.done,
    {
      timeoutMs: Math.max(options.timeoutMs ?? 30_000, DISCOVERY_DELAY_MS + expectation.maxScrapeIntervalMs + 2_000, expectation.evaluationIntervalMs + 2_000),
      intervalMs: options.intervalMs ?? 100,
      stretchTo: (seen) => seen.longestGroupIntervalMs + 2_000,
      onAttempt: (seen, elapsedMs) => {
        if (seen.summary === lastReported) return;
        lastReported = seen.summary;
        options.onProgress?.(`prometheus warming up (${elapsedMs} ms): ${seen.summary}`);
      },
    },
  );
  if (!result.ok) throw new Error(`after ${result.elapsedMs} ms (deadline ${result.deadlineMs} ms) still missing: ${result.value.missing.join('; ')}`);
  return { elapsedMs: result.elapsedMs, targets: result.value.targets, groups: result.value.groups };
}

import { ItemBroken } from '../registry/errors.js';
import type { AppClient } from './app.js';
import { exchange } from './http.js';
import type { PrometheusClient } from './prometheus.js';
import { pollUntil } from './poll.js';
import { watchInstrument, type InstrumentLoad } from './instrument.js';

/** The p-th percentile (0..100) of a list, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Latencies of GET /metrics (ms), with the state of the machine that measured them. */
export interface MetricsLatency {
  p95Ms: number;
  samples: number[];
  instrument: InstrumentLoad;
}

/**
 * p95 of GET /metrics over `samples` sequential requests (sequential: the latency a scraper sees,
 * not the queueing of a burst), on a warm connection, `spacingMs` apart: spread out, a short stall of
 * the host touches one request, not a run of them. A request that does not answer 200 breaks the measurement.
 */
export async function metricsEndpointP95(app: AppClient, samples: number, timeoutMs: number, spacingMs = 0): Promise<MetricsLatency> {
  const get = async () => {
    const res = await exchange(`${app.url}/metrics`, { timeoutMs });
    if (res.status !== 200) throw new ItemBroken(`GET ${res.url} answered ${res.status}: the metrics endpoint's latency cannot be measured`);
    return res.elapsedMs;
  };
  await get();
  const times: number[] = [];
  const instrument = watchInstrument();
  const sampled = await pollUntil(
    async () => times.push(await get()),
    (n) => n >= samples,
    { timeoutMs: samples * (spacingMs + timeoutMs), intervalMs: spacingMs },
  );
  if (!sampled.ok) throw new ItemBroken(`GET ${app.url}/metrics: only ${times.length} of ${samples} latency samples within ${sampled.deadlineMs} ms`);
  return { p95Ms: percentile(times, 95), samples: times, instrument: instrument.stop() };
}

/**
 * The application's error ratio (0..1) by the target's ERROR_RATIO_QUERY. null when the query has a
 * result that is not a number (no traffic: 0/0); ItemBroken when it names no series at all, so a
 * query of metrics the target does not have never reads as "no errors".
 */
export async function errorRatio(prometheus: PrometheusClient, query: string): Promise<number | null> {
  const result = await prometheus.query(query);
  if (!result.length) {
    throw new ItemBroken(
      `the error-ratio query returned no series at ${prometheus.url}: ${query}. Set ERROR_RATIO_QUERY to the application's failed/total request ratio`,
    );
  }
  const value = Number(result[0]!.value[1]);
  return Number.isFinite(value) ? value : null;
}

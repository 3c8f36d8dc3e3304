import type { PrometheusClient } from '../../probes/prometheus.js';
import { percentile, type MetricsLatency } from '../../probes/performance.js';
import type { ContainerUsage } from './containers.js';
import type { Finding } from '../../registry/errors.js';
import { instrumentImpaired } from '../../probes/instrument.js';

/**
 * The latency verdict (VER-5): a p95 at or over the limit is a finding when the typical request
 * (the median) is slow too, or when the instrument was sound; a slow tail alone measured on a
 * saturated or starved host cannot be told from the host's own stalls, and the item cannot decide.
 */
export function judgeLatency(
  sample: Pick<MetricsLatency, 'samples' | 'instrument'>,
  limitMs: number,
  where: string,
): { finding: Finding; cannotDecide?: undefined } | { finding?: undefined; cannotDecide: string } | undefined {
  const { samples, instrument } = sample;
  const p95 = percentile(samples, 95);
  const p50 = percentile(samples, 50);
  if (p95 < limitMs) return undefined;
  const found = `p95 ${p95} ms, median ${p50} ms (slowest ${Math.max(...samples)} ms, fastest ${Math.min(...samples)} ms)`;
  const impaired = instrumentImpaired(instrument, 'the probe');
  if (p50 < limitMs && impaired)
    return {
      cannotDecide: `GET ${where}: ${found} over ${samples.length} requests; the p95 is over ${limitMs} ms but the median is within it, and ${impaired}: the slow tail may be this machine's stalls rather than the endpoint's. Measure again when the host is not saturated.`,
    };
  return {
    finding: {
      expected: `GET /metrics p95 under ${limitMs} ms over ${samples.length} requests`,
      found: `${found}; the probe's host ${Math.round(instrument.hostCpuBusy * 100)} % busy`,
      where,
      hint: 'the metrics endpoint must not compute anything expensive per scrape; cache or pre-aggregate',
    },
  };
}

/** Least-squares slope of `value` over `seconds`, per minute; 0 for fewer than two distinct times. */
export function slopePerMinute(points: readonly { seconds: number; value: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mt = points.reduce((s, p) => s + p.seconds, 0) / n;
  const mv = points.reduce((s, p) => s + p.value, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.seconds - mt) ** 2, 0);
  if (sxx === 0) return 0;
  return (points.reduce((s, p) => s + (p.seconds - mt) * (p.value - mv), 0) / sxx) * 60;
}

/**
 * Whether a series keeps growing faster than `maxPerMinute`: the fit over the whole window and over
 * each half all say so. One step (a heap growing once, a cache filling once) moves one half only and
 * is not a leak; a leak moves both.
 */
export function keepsGrowing(
  points: readonly { seconds: number; value: number }[],
  maxPerMinute: number,
): { slope: number; halves: [number, number]; growing: boolean } {
  const middle = Math.floor(points.length / 2);
  const slope = slopePerMinute(points);
  const halves: [number, number] = [slopePerMinute(points.slice(0, middle + 1)), slopePerMinute(points.slice(middle))];
  return { slope, halves, growing: slope > maxPerMinute && halves.every((h) => h > maxPerMinute / 2) };
}

/**
 * Memory and CPU per scraped process, from the process metrics the targets expose (external mode):
 * `process_resident_memory_bytes` and the rate of `process_cpu_seconds_total`, per job and instance.
 */
export async function processUsage(prometheus: PrometheusClient): Promise<ContainerUsage[]> {
  const [memory, cpu] = await Promise.all([prometheus.query('process_resident_memory_bytes'), prometheus.query('rate(process_cpu_seconds_total[1m])')]);
  const name = (m: Record<string, string>) => `${m.job ?? '?'} ${m.instance ?? ''}`.trim();
  const cpuOf = new Map(cpu.map((s) => [name(s.metric), Number(s.value[1]) * 100]));
  return memory.map((s) => ({ service: name(s.metric), memoryMb: Number(s.value[1]) / 1024 / 1024, cpuPercent: cpuOf.get(name(s.metric)) ?? NaN }));
}

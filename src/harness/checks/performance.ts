import type { PrometheusClient } from '../../probes/prometheus.js';
import type { ContainerUsage } from './containers.js';

/** The p-th percentile (0..100) by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
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

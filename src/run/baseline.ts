import type { Target } from '../deployment/target.js';
import { AppClient } from '../probes/app.js';
import { PrometheusClient } from '../probes/prometheus.js';
import { errorRatio, metricsEndpointP95 } from '../probes/performance.js';
import { writeRecord, type Baseline } from '../harness/record.js';
import { LATENCY_SAMPLES } from '../harness/rollback-triggers.js';

/** Measures the baseline RB-0 compares against, before any item runs, and records it (baseline.json). */
export async function recordBaseline(target: Target, dir: string): Promise<Baseline> {
  const app = new AppClient(target.app.url, target.app.mcpUrl, target.httpTimeoutMs);
  const prometheus = new PrometheusClient(target.prometheus.url, target.httpTimeoutMs);
  const [latency, ratio] = await Promise.all([
    metricsEndpointP95(app, LATENCY_SAMPLES, target.httpTimeoutMs),
    errorRatio(prometheus, target.rollback.errorRatioQuery).catch(() => null),
  ]);
  const baseline: Baseline = { at: new Date().toISOString(), metricsP95Ms: latency.p95Ms, samples: latency.samples.length, errorRatio: ratio };
  writeRecord(dir, 'baseline', baseline);
  return baseline;
}

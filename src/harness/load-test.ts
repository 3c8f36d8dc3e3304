import autocannon from 'autocannon';
import type { Target } from '../deployment/target.js';
import type { PrometheusClient } from '../probes/prometheus.js';
import { ItemBroken } from '../registry/errors.js';
import { watchInstrument, type InstrumentLoad } from '../probes/instrument.js';
import { percentile } from '../probes/performance.js';
import { containerPublishing, sampleContainer, type ContainerSample, type RunningContainer } from '../tools/container-stats.js';

/** A generator busier than this share of its one core (autocannon runs on the worker's event loop) is itself the bottleneck. */
export const GENERATOR_SATURATED = 0.9;

export interface LoadTestReport {
  url: string;
  profile: string;
  targetRate: number;
  plannedS: number;
  actualS: number;
  connections: number;
  completed: number;
  achievedRate: number;
  /** From every request's own response time (ms). */
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** autocannon's histogram (corrected for coordinated omission at a fixed rate), for comparison. */
  histogramMs: { p50: number; p90: number; p97_5: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  generator: InstrumentLoad & { saturated: boolean };
  /** The application's container as the engine saw it during the run; null with a reason when it could not be sampled. */
  container: { container: RunningContainer; samples: ContainerSample[]; maxMemoryBytes: number; maxCpuCores: number; error?: string } | { notSampled: string };
}

async function containerSampler(
  target: Target,
): Promise<{ container: RunningContainer; stop: () => { samples: ContainerSample[]; error?: string } } | { notSampled: string }> {
  const url = new URL(target.app.url);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    return { notSampled: `${target.app.url} is not on this host, so its container cannot be read from the local engine` };
  const container = await containerPublishing(url.hostname, port);
  if (!container) return { notSampled: `no container of the local Docker engine publishes port ${port} (${target.app.url})` };
  return { container, stop: (await sampleContainer(container.id)).stop };
}

/**
 * The path Prometheus scrapes the application at (its job's `metrics_path` and params, from the
 * active targets), so the load hits what is scraped; `/metrics` when Prometheus has no such target.
 */
export async function appMetricsPath(prometheus: PrometheusClient, job: string): Promise<string> {
  const scraped = (await prometheus.targets()).find((t) => t.labels.job === job)?.scrapeUrl;
  if (!scraped || !URL.canParse(scraped)) return '/metrics';
  const url = new URL(scraped);
  return `${url.pathname}${url.search}`;
}

async function runOnce(target: Target, path: string): Promise<LoadTestReport> {
  const { rate, durationS, connections, profile } = target.loadTest;
  const url = `${target.app.url}${path}`;
  const times: number[] = [];
  const sampler = await containerSampler(target);
  const instrument = watchInstrument();
  // Without a callback autocannon returns its event emitter made thenable.
  const instance = autocannon({
    url,
    connections,
    overallRate: rate,
    duration: durationS,
    timeout: Math.ceil(target.httpTimeoutMs / 1000),
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
  let result: autocannon.Result;
  let generator: InstrumentLoad;
  try {
    result = await instance;
  } catch (error) {
    throw new ItemBroken(`the load generator (autocannon) failed against ${url}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    generator = instrument.stop();
  }
  const sampled = 'notSampled' in sampler ? null : sampler.stop();
  const sorted = [...times].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    url,
    profile,
    targetRate: rate,
    plannedS: durationS,
    actualS: round(result.duration),
    connections,
    completed: times.length,
    achievedRate: round(times.length / result.duration),
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? NaN),
      mean: round(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length)),
    },
    histogramMs: { p50: result.latency.p50, p90: result.latency.p90, p97_5: result.latency.p97_5, p99: result.latency.p99 },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0])),
    generator: { ...generator, saturated: generator.cpuOfOneCore >= GENERATOR_SATURATED },
    container:
      'notSampled' in sampler || !sampled
        ? { notSampled: 'notSampled' in sampler ? sampler.notSampled : 'no samples' }
        : {
            container: sampler.container,
            samples: sampled.samples,
            maxMemoryBytes: Math.max(0, ...sampled.samples.map((s) => s.memoryBytes)),
            maxCpuCores: Math.round(Math.max(0, ...sampled.samples.map((s) => s.cpuCores)) * 100) / 100,
            error: sampled.error,
          },
  };
}

const runs = new Map<string, Promise<LoadTestReport>>();

/**
 * The load test of the target's metrics endpoint, run once per worker and shared: PRE-10.1 judges
 * its rate and latency, PRE-10.3 the container's resources sampled during the same load.
 */
export function loadTest(target: Target, path: string): Promise<LoadTestReport> {
  const key = `${target.app.url}${path}|${target.loadTest.rate}|${target.loadTest.durationS}`;
  let run = runs.get(key);
  if (!run) {
    run = runOnce(target, path);
    runs.set(key, run);
  }
  return run;
}

/** The deadline an item that runs the load test needs: the run, plus starting and sampling. */
export function loadTestTimeoutMs(durationS: number): number {
  return durationS * 1000 + 60_000;
}

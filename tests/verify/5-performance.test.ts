// Post-deployment verification 5. Performance (IMPORTANT): metrics endpoint p95 over a sample of
// requests; memory and CPU per container at light load (reference: the engine; external: the process
// metrics the targets expose); no memory leak: the slope of resident memory over a light-load window.
import { item } from '../../src/harness/vitest.js';
import { checkAll, ItemBroken } from '../../src/registry/errors.js';
import { exchange } from '../../src/probes/http.js';
import { pollUntil } from '../../src/probes/poll.js';
import { familyTotal } from '../../src/harness/checks/app.js';
import { containerMemoryMb, containerUsage, runContainers, type ContainerUsage } from '../../src/harness/checks/containers.js';
import { judgeLatency, keepsGrowing, processUsage } from '../../src/harness/checks/performance.js';
import { metricsEndpointP95 } from '../../src/probes/performance.js';

const LOAD_PER_SECOND = 5;
/** Between two latency samples: spread over a couple of seconds, one stall of a shared host touches one sample, not a run of them. */
const LATENCY_SPACING_MS = 100;

item(
  'VER-5',
  async ({ target, app, prometheus, evidence, notApplicable }) => {
    const v = target.verify;
    const get = (path: string) => exchange(`${target.app.url}${path}`, { timeoutMs: target.httpTimeoutMs });
    const reference = target.mode === 'reference';
    const containers = reference ? await runContainers(target.app.url) : [];
    const appContainer = containers.find((c) => c.isApp);
    const memoryNow = async (): Promise<number | undefined> => {
      if (appContainer) return containerMemoryMb(appContainer);
      const rss = familyTotal((await app.metrics()).exposition, 'process_resident_memory_bytes');
      return rss === undefined ? undefined : rss / 1024 / 1024;
    };
    const started = performance.now();
    const series: { seconds: number; value: number }[] = [];
    const [usage, window] = await Promise.all([
      reference ? Promise.all(containers.map(containerUsage)) : processUsage(prometheus),
      pollUntil(
        async () => {
          await Promise.all(Array.from({ length: LOAD_PER_SECOND }, () => get(v.activityPath)));
          const value = await memoryNow();
          if (value !== undefined) series.push({ seconds: (performance.now() - started) / 1000, value });
          return value;
        },
        (value) => value === undefined || (performance.now() - started) / 1000 >= v.leakWindowS,
        { timeoutMs: v.leakWindowS * 1000 + 10_000, intervalMs: 1000 },
      ),
    ]);
    const leak = keepsGrowing(series, v.leakMaxMbPerMin);
    const slope = leak.slope;
    // Latency last, after the leak window: the suite's other items (run in parallel) have finished by
    // then, so their load is not counted as the endpoint's. One request at a time, on a warm connection:
    // the latency of a request, not of a queue or of a TCP handshake.
    const latency = await metricsEndpointP95(app, v.latencySamples, target.httpTimeoutMs, LATENCY_SPACING_MS);
    const latencyVerdict = judgeLatency(latency, v.latencyP95Ms, `${target.app.url}/metrics`);
    await evidence.json('performance', {
      latencyMs: { samples: latency.samples, p95: latency.p95Ms, limit: v.latencyP95Ms, spacingMs: LATENCY_SPACING_MS, instrument: latency.instrument },
      usage: usage.map((u: ContainerUsage) => ({ ...u, memoryMb: Math.round(u.memoryMb * 10) / 10, cpuPercent: Math.round(u.cpuPercent * 10) / 10 })),
      source: reference ? 'container engine' : 'process metrics in Prometheus',
      leak: { windowSeconds: v.leakWindowS, slopeMbPerMinute: slope, halvesMbPerMinute: leak.halves, limit: v.leakMaxMbPerMin, series },
    });
    const where = reference
      ? 'the container engine (docker stats)'
      : `${prometheus.url}/api/v1/query (process_resident_memory_bytes, process_cpu_seconds_total)`;
    const p95 = latency.p95Ms;
    // A latency the item cannot decide (a slow tail on a saturated host) leaves the other findings to decide it.
    const latencyFinding = latencyVerdict?.finding;
    const undecided = () => {
      if (latencyVerdict?.cannotDecide) throw new ItemBroken(latencyVerdict.cannotDecide);
    };
    if (usage.length === 0 || !window.ok || series.length < 2) {
      checkAll([latencyFinding]);
      undecided();
      notApplicable(
        'absent',
        `the targets expose no process metrics (process_resident_memory_bytes, process_cpu_seconds_total) and this is not the reference stack, so memory, CPU and a leak cannot be measured; latency p95 ${p95} ms was within ${v.latencyP95Ms} ms`,
      );
    }
    checkAll([
      latencyFinding,
      ...usage
        .filter((u) => u.memoryMb > v.memoryMaxMb)
        .map((u) => ({ expected: `memory under ${v.memoryMaxMb} MB per container`, found: `${u.service} uses ${Math.round(u.memoryMb)} MB`, where })),
      ...usage
        .filter((u) => u.cpuPercent > v.cpuMaxPercent)
        .map((u) => ({
          expected: `CPU under ${v.cpuMaxPercent} % per container at light load`,
          found: `${u.service} at ${Math.round(u.cpuPercent)} %`,
          where,
        })),
      leak.growing && {
        expected: `no memory leak: resident memory of the application growing at most ${v.leakMaxMbPerMin} MB/min over ${v.leakWindowS} s of light load`,
        found: `${slope.toFixed(1)} MB/min, in each half ${leak.halves.map((h) => h.toFixed(1)).join(' and ')} MB/min (${series[0]!.value.toFixed(1)} MB -> ${series[series.length - 1]!.value.toFixed(1)} MB over ${series.length} readings; series attached)`,
        where: appContainer ? `container ${appContainer.service} (docker stats)` : `${target.app.url}/metrics process_resident_memory_bytes`,
        hint: 'profile the heap (node --heapsnapshot-signal) and look for caches or listeners that grow per request',
      },
    ]);
    undecided();
  },
  { timeoutMs: 170_000 },
);

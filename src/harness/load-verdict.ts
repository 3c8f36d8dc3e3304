import { CheckFailed, ItemBroken, type Finding } from '../registry/errors.js';
import { GENERATOR_SATURATED, type LoadTestReport } from './load-test.js';
import { instrumentImpaired } from '../probes/instrument.js';

export { GENERATOR_SATURATED };

/** The seed's bar for the load test (PRE-10.1). */
export const P95_LIMIT_MS = 100;
/**
 * The share of the target rate that counts as reached: autocannon paces `overallRate` per second
 * and connection, so the first and last second of a run are partial. 0.95 of 1000 req/s = 950.
 */
export const RATE_REACHED = 0.95;
/** One line with every number of a run, for messages and evidence. */
export function loadSummary(r: LoadTestReport): string {
  const app =
    'notSampled' in r.container
      ? ''
      : `; application container peak ${r.container.maxCpuCores} cores, ${Math.round(r.container.maxMemoryBytes / 1024 / 1024)} MiB`;
  return (
    `${r.completed} requests in ${r.actualS} s = ${r.achievedRate} req/s (target ${r.targetRate}, ${r.connections} connections); ` +
    `p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms; ` +
    `errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}; generator CPU ${Math.round(r.generator.cpuOfOneCore * 100)} % of one core, ` +
    `its event-loop delay p99 ${r.generator.eventLoopDelayP99Ms} ms; host CPU ${Math.round(r.generator.hostCpuBusy * 100)} % busy of ${r.generator.hostCores} cores${app}`
  );
}

/** Why the generator cannot be trusted for a near miss, or null when it can. */
export function generatorImpaired(r: LoadTestReport): string | null {
  if (r.generator.saturated) return `the load generator was saturated (${Math.round(r.generator.cpuOfOneCore * 100)} % of its core)`;
  return instrumentImpaired(r.generator, 'the load generator');
}

/**
 * Decides PRE-10.1: failed on errors, on a p95 over the limit by more than the generator's own
 * delay could explain, or on a missed rate or near-miss latency measured by a sound generator;
 * broken when only a near miss remains and the generator was saturated or starved (the numbers are
 * then the machine's, not the target's); passes otherwise.
 */
export function judgeLoadTest(r: LoadTestReport): void {
  const where = `GET ${r.url}, profile ${r.profile} (${r.plannedS} s at ${r.targetRate} req/s)`;
  const decisive: Finding[] = [];
  const nearMiss: Finding[] = [];
  if (r.errors || r.timeouts || r.non2xx)
    decisive.push({
      expected: 'no errors, timeouts or non-2xx answers under load',
      found: `${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx (${JSON.stringify(r.statusCodes)})`,
      where,
      hint: 'read the application log for the failed requests',
    });
  if (!(r.latencyMs.p95 < P95_LIMIT_MS)) {
    const finding = {
      expected: `p95 < ${P95_LIMIT_MS} ms`,
      found: `p95 ${r.latencyMs.p95} ms (p50 ${r.latencyMs.p50}, p99 ${r.latencyMs.p99})`,
      where,
      hint: 'profile the /metrics handler (collectors that block, label cardinality) and the CPU the application gets',
    };
    (r.latencyMs.p95 >= P95_LIMIT_MS + r.generator.eventLoopDelayP99Ms ? decisive : nearMiss).push(finding);
  }
  if (r.achievedRate < r.targetRate * RATE_REACHED)
    nearMiss.push({
      expected: `the rate of ${r.targetRate} req/s reached (>= ${r.targetRate * RATE_REACHED})`,
      found: `${r.achievedRate} req/s`,
      where,
      hint: 'the application does not serve the rate: see its CPU and the latency',
    });
  // A busy host starves the application and the generator alike: say so next to the numbers.
  const busyHost =
    r.generator.hostCpuBusy >= 0.95
      ? `; the host CPU was ${Math.round(r.generator.hostCpuBusy * 100)} % busy: if other work shares this host, rerun the load test when it is idle before concluding`
      : '';
  const whole = (f: Finding): Finding => ({ ...f, found: `${f.found}. Whole run: ${loadSummary(r)}`, hint: `${f.hint ?? ''}${busyHost}` });
  const impaired = generatorImpaired(r);
  if (decisive.length || (nearMiss.length && !impaired)) throw new CheckFailed([...decisive, ...nearMiss].map(whole));
  if (nearMiss.length && impaired) {
    throw new ItemBroken(
      `${impaired}, so these misses may be the machine's rather than the target's: ${nearMiss.map((f) => `expected ${f.expected}, found ${f.found}`).join('; ')}. Whole run: ${loadSummary(r)}. Run on a machine the load test has to itself.`,
    );
  }
}

import { describe, expect, it } from 'vitest';
import { CheckFailed, ItemBroken } from '../registry/errors.js';
import type { LoadTestReport } from './load-test.js';
import { judgeLoadTest } from './load-verdict.js';

const report = (over: { p95?: number; rate?: number; errors?: number; cpu?: number; loop?: number }): LoadTestReport => ({
  url: 'http://127.0.0.1:8080/metrics',
  profile: 'ci',
  targetRate: 1000,
  plannedS: 10,
  actualS: 10,
  connections: 20,
  completed: (over.rate ?? 1000) * 10,
  achievedRate: over.rate ?? 1000,
  latencyMs: { p50: 2, p95: over.p95 ?? 5, p99: 9, max: 20, mean: 3 },
  histogramMs: { p50: 2, p90: 4, p97_5: 6, p99: 9 },
  errors: over.errors ?? 0,
  timeouts: 0,
  non2xx: 0,
  statusCodes: { 200: 10_000 },
  generator: { cpuOfOneCore: over.cpu ?? 0.3, saturated: (over.cpu ?? 0.3) >= 0.9, eventLoopDelayP99Ms: over.loop ?? 2, hostCpuBusy: 0.5, hostCores: 2 },
  container: { notSampled: 'test' },
});

describe('the load test verdict (PRE-10.1)', () => {
  it('passes a healthy run', () => {
    expect(() => judgeLoadTest(report({}))).not.toThrow();
  });
  it('fails on p95 >= 100 ms, a missed rate, or errors, measured by a sound generator', () => {
    expect(() => judgeLoadTest(report({ p95: 100 }))).toThrow(CheckFailed);
    expect(() => judgeLoadTest(report({ rate: 900 }))).toThrow(/rate of 1000 req\/s reached/);
    expect(() => judgeLoadTest(report({ errors: 3 }))).toThrow(/3 errors/);
  });
  it('cannot decide a near miss when the generator was saturated or starved', () => {
    expect(() => judgeLoadTest(report({ rate: 900, cpu: 0.95 }))).toThrow(ItemBroken);
    expect(() => judgeLoadTest(report({ p95: 120, loop: 40 }))).toThrow(/starved of CPU/);
  });
  it('still fails what the generator cannot explain', () => {
    expect(() => judgeLoadTest(report({ p95: 300, loop: 40, rate: 100 }))).toThrow(CheckFailed);
    expect(() => judgeLoadTest(report({ errors: 1, cpu: 0.95 }))).toThrow(CheckFailed);
  });
});

import { describe, expect, it } from 'vitest';
import { deploymentMetrics, outages, successCriteria } from './metrics.js';

const samples = (oks: boolean[]) => oks.map((ok, i) => ({ t: i * 1000, ok, ms: 2 }));

describe('downtime from the health poller', () => {
  it('a run of failed probes is one outage, planned only inside a planned window', () => {
    const health = samples([true, false, false, true, true, false, true]);
    const list = outages(health, [{ from: 500, to: 3500, what: 'RB-3 restarts the application' }]);
    expect(list).toEqual([
      { from: 1000, to: 3000, planned: true, detail: undefined },
      { from: 5000, to: 6000, planned: false, detail: undefined },
    ]);
    const m = deploymentMetrics({ startedAt: '2026-12-01T06:00:00Z', durationMs: 7000, health, planned: [], issues: [] });
    expect(m.downtime).toMatchObject({ failedSamples: 3, pollerRan: true });
    const zero = successCriteria(m, 0, []).find((c) => c.criterion === 'Zero unplanned downtime');
    expect(zero).toMatchObject({ met: false });
  });

  it('no poller, no rollback decision: those criteria are not decided, never met', () => {
    const m = deploymentMetrics({ startedAt: '2026-12-01T06:00:00Z', durationMs: 8 * 3_600_000, health: [], planned: [], issues: [] });
    const byName = Object.fromEntries(successCriteria(m, 0, []).map((c) => [c.criterion, c.met]));
    expect(byName).toMatchObject({ 'Zero unplanned downtime': null, 'No rollback required': null, 'Deployment completed in < 2 hours': false });
  });
});

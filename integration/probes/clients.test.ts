import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack } from '../support/environment.js';
import { itemContext, type ItemContext } from '../../src/harness/context.js';
import { getItem } from '../../src/registry/registry.js';
import { jsonOf } from '../../src/probes/http.js';
import { framesHaveData, lastValues, type DsQueryResponse, type SearchHit } from '../../src/probes/grafana.js';
import { pollUntil } from '../../src/probes/poll.js';

/** Every probe against the real parts of a reference stack: the contracts the checklist relies on. */
describe('probes against a live reference stack', () => {
  let ctx: ItemContext;
  let stop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const started = await startTestStack();
    stop = started.stop;
    ctx = itemContext(getItem('SMOKE-3.1'), () => started.target);
  }, 180_000);
  afterAll(() => stop());

  it('Prometheus: query, targets, rules, alerts, alertmanagers, buildinfo, config, reload', async () => {
    const p = ctx.prometheus;
    expect((await p.query('up')).length).toBeGreaterThanOrEqual(3);
    expect((await p.query('no_such_metric_anywhere')).length).toBe(0);
    expect((await p.targets()).map((t) => t.labels.job).sort()).toEqual(['alert-receiver', 'alertmanager', 'mcp-memory-server', 'prometheus']);
    const groups = await p.rules();
    expect(groups.flatMap((g) => g.rules).every((r) => r.health === 'ok')).toBe(true);
    expect(Array.isArray(await p.alerts())).toBe(true);
    expect((await p.alertmanagers()).activeAlertmanagers[0]?.url).toMatch(/\/api\/v2\/alerts$/);
    expect((await p.buildinfo()).version).toMatch(/^\d+\.\d+/);
    expect(await p.configYaml()).toContain('scrape_configs');
    expect((await p.reload()).status).toBe(200);
  });

  it('Alertmanager v2: status, silences, a posted alert reaches the receiver, reload', async () => {
    const am = ctx.alertmanager;
    expect((await am.status()).cluster.status).toMatch(/ready|disabled/);
    expect(Array.isArray(await am.silences())).toBe(true);
    const posted = await am.postAlerts([{ labels: { alertname: 'ProbeContractTest', severity: 'warning' }, annotations: { summary: 'probe test' } }]);
    expect(posted.status).toBe(200);
    expect((await am.alerts(['alertname="ProbeContractTest"'])).length).toBe(1);
    const delivered = await pollUntil(
      () => ctx.receiver.payloads('/webhook'),
      (list) => list.some((p) => JSON.stringify(p.body).includes('ProbeContractTest')),
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(delivered.ok, `payloads: ${JSON.stringify(delivered.value).slice(0, 500)}`).toBe(true);
    expect((await am.reload()).status).toBe(200);
  });

  it('Grafana: health, search, dashboard, datasources, datasource health, ds/query with data and without', async () => {
    const g = ctx.grafana;
    expect((await g.health()).status).toBe(200);
    expect(jsonOf<SearchHit[]>(await g.search()).map((h) => h.uid)).toContain('journal-overview');
    expect((await g.dashboard('journal-overview')).status).toBe(200);
    expect((await g.dashboard('no-such-dashboard')).status).toBe(404);
    expect(jsonOf<{ uid: string }[]>(await g.datasources()).map((d) => d.uid)).toContain('prometheus');
    expect(jsonOf<{ status: string }>(await g.datasourceHealth('prometheus')).status).toBe('OK');
    // Right after the first scrape the step-aligned end of a range query can precede the first
    // sample, so "no data" is a true answer for a few seconds (real Grafana too): poll with a deadline.
    const data = await pollUntil(
      async () => jsonOf<DsQueryResponse>(await g.dsQuery('prometheus', 'up', { from: 'now-5m', to: 'now' })),
      (d) => framesHaveData(d.results.A?.frames),
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    expect(data.ok, JSON.stringify(data.value).slice(0, 300)).toBe(true);
    expect(lastValues(data.value.results.A?.frames).length).toBeGreaterThan(0);
    const none = jsonOf<DsQueryResponse>(await g.dsQuery('prometheus', 'no_such_metric_anywhere'));
    expect(none.results.A?.frames).toHaveLength(1);
    expect(framesHaveData(none.results.A?.frames)).toBe(false);
  });

  it('the application: health, metrics, an MCP tool call', async () => {
    expect((await ctx.app.health()).status).toBe(200);
    expect((await ctx.app.metrics()).exposition.samples.length).toBeGreaterThan(50);
    expect(await ctx.app.callTool('start_journal_session', { title: 'probe test' })).toMatch(/\S/);
  });
});

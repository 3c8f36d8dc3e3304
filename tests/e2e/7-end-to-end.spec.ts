// Post-deployment verification 7. End-to-End Test (CRITICAL): e2e_test.sh with its TODOs done.
// Activity in the application (real MCP calls) -> the counter moves on /metrics -> Prometheus has it
// -> the Journal Overview dashboard shows it in a real browser.
import { expect } from '@playwright/test';
import { item } from '../../src/harness/playwright.js';
import { check } from '../../src/registry/errors.js';
import { pollUntil } from '../../src/probes/poll.js';
import { DashboardPage, LoginPage } from '../../src/harness/grafana/pages.js';
import type { PrometheusClient } from '../../src/probes/prometheus.js';

const SESSIONS = 3;
const PANEL = 'Journal sessions started';

async function sessionsInPrometheus(prometheus: PrometheusClient, job: string): Promise<number | undefined> {
  const result = await prometheus.query(`sum(mcp_journal_sessions_total{job="${job}"})`);
  return result[0] ? Number(result[0].value[1]) : undefined;
}

item('VER-7', async ({ page, target, app, prometheus, evidence }) => {
  const job = target.app.job;
  const before = await pollUntil(() => sessionsInPrometheus(prometheus, job), (v) => v !== undefined, { timeoutMs: 20_000 });
  check(before.ok, {
    expected: `mcp_journal_sessions_total of job "${job}" in Prometheus`,
    found: `no series after ${before.elapsedMs} ms`,
    where: `${prometheus.url}/api/v1/query`,
  });
  const initial = before.value!;
  const metricsBefore = (await app.metrics()).exposition.samples.filter((s) => s.name === 'mcp_journal_sessions_total').reduce((a, s) => a + s.value, 0);

  // Generate activity: real MCP tool calls.
  const replies: string[] = [];
  for (let i = 0; i < SESSIONS; i++) replies.push(await app.callTool('start_journal_session', { title: `checklist VER-7 ${i + 1}` }));
  await evidence.json('MCP start_journal_session replies', replies);

  const metricsAfter = (await app.metrics()).exposition.samples.filter((s) => s.name === 'mcp_journal_sessions_total').reduce((a, s) => a + s.value, 0);
  check(metricsAfter >= metricsBefore + SESSIONS, {
    expected: `mcp_journal_sessions_total on /metrics to grow by ${SESSIONS} after ${SESSIONS} start_journal_session calls`,
    found: `${metricsBefore} before, ${metricsAfter} after`,
    where: `${target.app.url}/metrics`,
    hint: 'the tool must increment the counter when it starts a session',
  });

  const expected = initial + SESSIONS;
  const after = await pollUntil(() => sessionsInPrometheus(prometheus, job), (v) => (v ?? 0) >= expected, { timeoutMs: 30_000, intervalMs: 250 });
  await evidence.json('Prometheus sum(mcp_journal_sessions_total)', { initial, expected, found: after.value, elapsedMs: after.elapsedMs });
  check(after.ok, {
    expected: `Prometheus to reach ${expected} sessions within 30 s`,
    found: `${after.value} after ${after.elapsedMs} ms`,
    where: `${prometheus.url}/api/v1/query?query=sum(mcp_journal_sessions_total)`,
    hint: 'check the scrape of the application job and its interval',
  });

  // The dashboard shows it.
  await new LoginPage(page, target.grafana.url).login(target.grafana.user, target.grafana.password);
  const dashboard = new DashboardPage(page, target.grafana.url);
  await dashboard.goto(target.grafana.dashboardUid, { from: 'now-15m', to: 'now' });
  const panel = dashboard.panel(PANEL);
  await expect(panel, `panel "${PANEL}" on dashboard ${target.grafana.dashboardUid}`).toBeVisible();
  // The newest sample may lie past the last step of the range query: press Refresh, as a person would.
  const shown = async () => {
    const value = Number((await panel.innerText()).match(/(\d+(?:\.\d+)?)\s*$/m)?.[1] ?? NaN);
    if (!(value >= expected)) await dashboard.refresh();
    return value;
  };
  await expect
    .poll(shown, { message: `Expected panel "${PANEL}" to show at least ${expected} sessions (Where: ${target.grafana.url}/d/${target.grafana.dashboardUid})`, timeout: 20_000, intervals: [500] })
    .toBeGreaterThanOrEqual(expected);
  await evidence.png(`panel ${PANEL}`, await panel.screenshot());
}, { timeoutMs: 100_000 }); // above the sum of its own deadlines (20 + 30 + 20 s and the login)

// Post-deployment verification 7. End-to-End Test (CRITICAL): e2e_test.sh with its TODOs done.
// Real MCP calls start N sessions -> the sessions counter grows by exactly N on /metrics -> by exactly N
// in Prometheus -> by exactly N in the panel's own query run through Grafana -> the panel shows it in
// a real browser. The session tool and the panel are discovered; the sessions are ended afterwards.
import { item } from '../../src/harness/playwright.js';
import { check, CheckFailed } from '../../src/registry/errors.js';
import { pollUntil } from '../../src/probes/poll.js';
import { jsonOf } from '../../src/probes/http.js';
import { DashboardPage, LoginPage } from '../../src/harness/grafana/pages.js';
import { familyTotal } from '../../src/harness/checks/app.js';
import { matcher } from '../../src/harness/checks/prometheus-series.js';
import { dashboardPanels, panelsShowing, parseGrafanaNumber, runPanel } from '../../src/harness/checks/grafana.js';
import { endArguments, sessionIdOf, sessionTools } from '../../src/harness/checks/sessions.js';

const SESSIONS = 3;

item(
  'VER-7',
  async ({ page, target, app, prometheus, grafana, evidence }) => {
    const { sessionsCounter: counter, sessionsPanel } = target.verify;
    const job = target.app.job;
    const uid = target.grafana.dashboardUid;
    const [tools, board, health] = await Promise.all([app.listTools(), dashboardPanels(grafana, uid), grafana.health()]);
    const { start, end, finding } = sessionTools(tools, target.verify, `${target.app.mcpUrl} (tools/list)`);
    if (!start) throw new CheckFailed(finding || { expected: 'the MCP tool that starts a session', found: 'none', where: target.app.mcpUrl });
    if ('finding' in board) throw new CheckFailed(board.finding);
    const shown = panelsShowing(board.panels, counter, sessionsPanel);
    const panel = shown.find((p) => p.queries.length === 1) ?? shown[0];
    check(panel, {
      expected: sessionsPanel
        ? `a panel titled "${sessionsPanel}" (SESSIONS_PANEL) on dashboard ${uid}`
        : `a panel of dashboard ${uid} whose query reads ${counter} (SESSIONS_COUNTER)`,
      found: `panels ${board.panels.map((p) => `"${p.title}": ${p.queries.map((q) => q.expr).join(' | ') || 'no query'}`).join('; ')}`,
      where: `${target.grafana.url}/api/dashboards/uid/${uid}`,
      hint: 'add a panel that shows the sessions counter, or name it in SESSIONS_PANEL',
    });
    const query = { ...panel, queries: panel.queries.slice(0, 1) };
    const inPrometheus = async () => Number((await prometheus.query(`sum(${counter}{${matcher('job', job)}})`))[0]?.value[1] ?? NaN);
    const onPanel = async () => (await runPanel(grafana, query))[0]?.last.reduce((a, b) => a + b, 0) ?? NaN;
    const onMetrics = async () => familyTotal((await app.metrics()).exposition, counter) ?? NaN;

    // The baseline: Prometheus and the panel caught up with what the application exposes now.
    const exposed0 = await onMetrics();
    check(!Number.isNaN(exposed0), { expected: `${counter} on the application's /metrics`, found: 'no such series', where: `${target.app.url}/metrics` });
    const settledProm = await pollUntil(inPrometheus, (v) => v === exposed0, { timeoutMs: 30_000, intervalMs: 250 });
    const prom0 = settledProm.value;
    const settledPanel = await pollUntil(onPanel, (v) => !Number.isNaN(v), { timeoutMs: 30_000, intervalMs: 500 });
    const panel0 = (await pollUntil(onPanel, (v) => v === settledPanel.value, { timeoutMs: 5_000, intervalMs: 500 })).value;

    const ids: string[] = [];
    try {
      for (let i = 0; i < SESSIONS; i++) {
        const result = await app.callToolResult(start.name, { title: `checklist VER-7 ${i + 1}` });
        const id = sessionIdOf(result);
        if (id) ids.push(id);
      }
      await evidence.json('sessions started', { tool: start.name, endTool: end?.name ?? null, ids, panel: panel.title, query: query.queries[0]?.expr });
      const exposed1 = await onMetrics();
      check(exposed1 - exposed0 === SESSIONS, {
        expected: `${counter} on /metrics to grow by exactly ${SESSIONS} after ${SESSIONS} ${start.name} calls`,
        found: `${exposed0} before, ${exposed1} after (+${exposed1 - exposed0})`,
        where: `${target.app.url}/metrics`,
        hint: `the tool ${start.name} must increment ${counter} once per session it starts`,
      });
      const prom1 = await pollUntil(inPrometheus, (v) => v - prom0 >= SESSIONS, { timeoutMs: 30_000, intervalMs: 250 });
      const panel1 = await pollUntil(onPanel, (v) => v - panel0 >= SESSIONS, { timeoutMs: 30_000, intervalMs: 500 });
      await evidence.json('the increase', {
        metrics: [exposed0, exposed1],
        prometheus: [prom0, prom1.value, prom1.elapsedMs],
        panel: [panel0, panel1.value, panel1.elapsedMs],
      });
      check(prom1.value - prom0 === SESSIONS, {
        expected: `sum(${counter}{job="${job}"}) in Prometheus to grow by exactly ${SESSIONS}`,
        found: `${prom0} -> ${prom1.value} after ${prom1.elapsedMs} ms`,
        where: `${prometheus.url}/api/v1/query`,
        hint: 'check the scrape of the application job (APP_JOB) and its interval',
      });
      check(panel1.value - panel0 === SESSIONS, {
        expected: `the panel "${panel.title}" query (${query.queries[0]!.expr}) through Grafana to grow by exactly ${SESSIONS}`,
        found: `${panel0} -> ${panel1.value} after ${panel1.elapsedMs} ms`,
        where: `${target.grafana.url}/api/ds/query`,
        hint: 'the panel must query the sessions counter of this deployment through the right datasource',
      });

      // The browser shows it: the value the panel displays, as Grafana formats it.
      const version = jsonOf<{ version?: string }>(health).version ?? '11.0.0';
      await new LoginPage(page, target.grafana.url, version).login(target.grafana.user, target.grafana.password);
      const dashboard = new DashboardPage(page, target.grafana.url, version);
      await dashboard.goto(uid, { from: 'now-15m', to: 'now' });
      const locator = dashboard.panel(panel.title);
      const expected = panel1.value;
      const seen = await pollUntil(
        async () => {
          const text = await dashboard.shownText(locator, panel.title).catch(() => '');
          const parsed = parseGrafanaNumber(text);
          if (!parsed || Math.abs(parsed.value - expected) > parsed.tolerance) await dashboard.refresh();
          return { text, parsed };
        },
        ({ parsed }) => parsed !== undefined && Math.abs(parsed.value - expected) <= parsed.tolerance,
        { timeoutMs: 20_000, intervalMs: 500 },
      );
      await evidence.png(`panel ${panel.title}`, await locator.screenshot().catch(() => page.screenshot()));
      check(seen.ok, {
        expected: `panel "${panel.title}" to show ${expected}`,
        found: `"${seen.value.text}"`,
        where: `${target.grafana.url}/d/${uid}`,
      });
    } finally {
      // End what was started (the registry declares it): the deployment keeps no open test sessions.
      const endTool = end;
      const ended = endTool
        ? await Promise.all(
            ids.map(async (id) => {
              const args = endArguments(endTool, id);
              if (!args) return { id, ended: false, reason: `no argument of ${endTool.name} takes a session id` };
              return app.callTool(endTool.name, args).then(
                () => ({ id, ended: true }),
                (error: unknown) => ({ id, ended: false, reason: error instanceof Error ? error.message : String(error) }),
              );
            }),
          )
        : ids.map((id) => ({ id, ended: false, reason: 'no tool that ends a session was found in tools/list' }));
      await evidence.json('sessions ended afterwards', ended);
    }
  },
  { timeoutMs: 170_000 },
);

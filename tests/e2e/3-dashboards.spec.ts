// Post-deployment verification 3. Dashboards (CRITICAL). API: dashboards listed, the configured
// dashboard has panels, every panel's query run through Grafana's /api/ds/query returns data.
// Browser: log in, the dashboard loads, every panel shows data (no "No data", no error), a time range
// change re-queries and panels still show data, Refresh re-queries; screenshots attached.
import type { Locator } from '@playwright/test';
import { item } from '../../src/harness/playwright.js';
import { check, checkAll, CheckFailed, type Finding } from '../../src/registry/errors.js';
import { jsonOf } from '../../src/probes/http.js';
import { pollUntil } from '../../src/probes/poll.js';
import type { SearchHit } from '../../src/probes/grafana.js';
import { countDataQueries, DashboardPage, LoginPage } from '../../src/harness/grafana/pages.js';
import { dashboardPanels, runPanel, type QueryOutcome } from '../../src/harness/checks/grafana.js';

item(
  'VER-3',
  async ({ page, target, grafana, evidence }) => {
    const uid = target.grafana.dashboardUid;
    const [search, board, health] = await Promise.all([grafana.search(), dashboardPanels(grafana, uid), grafana.health()]);
    const hits = search.status === 200 ? jsonOf<SearchHit[]>(search) : [];
    check(hits.length > 0, {
      expected: 'dashboards listed by Grafana',
      found: `${search.status}, ${hits.length} dashboards`,
      where: search.url,
      hint: 'provision or import the dashboards',
    });
    if ('finding' in board) throw new CheckFailed(board.finding);
    check(board.panels.length > 0, { expected: `dashboard ${uid} to have panels`, found: 'none', where: `${target.grafana.url}/api/dashboards/uid/${uid}` });

    // API: every panel's queries through Grafana; a fresh deployment may not have its first points yet, so poll.
    const withQueries = board.panels.filter((p) => p.queries.length > 0);
    const api = await pollUntil(
      async () => (await Promise.all(withQueries.map((p) => runPanel(grafana, p)))).flat(),
      (outcomes) => outcomes.every((o) => o.hasData),
      { timeoutMs: 30_000, intervalMs: 1_000 },
    );
    await evidence.json('panel queries through /api/ds/query', { dashboards: hits.map((h) => h.uid), outcomes: api.value });
    const empty = api.value.filter((o: QueryOutcome) => !o.hasData);
    const apiFinding: Finding | false = empty.length > 0 && {
      expected: `every panel query of dashboard ${uid} to return data through Grafana`,
      found: empty.map((o) => `"${o.panel}" ${o.refId} (${o.expr}): ${o.error ?? 'no data'}`).join('; '),
      where: `${target.grafana.url}/api/ds/query`,
      hint: 'a panel must query series the deployment exposes (metric and label names) through a working datasource',
    };

    // Browser.
    const version = jsonOf<{ version?: string }>(health).version ?? '11.0.0';
    await new LoginPage(page, target.grafana.url, version).login(target.grafana.user, target.grafana.password);
    const dashboard = new DashboardPage(page, target.grafana.url, version);
    const queries = countDataQueries(page);
    await dashboard.goto(uid, { from: 'now-15m', to: 'now' });
    const panels = board.panels.map((p) => ({ title: p.title, locator: dashboard.panel(p.title) }));
    const problemsOf = async ({ title, locator }: { title: string; locator: Locator }): Promise<string | undefined> => {
      if (!(await locator.isVisible())) return `"${title}" is not on the page`;
      if (await dashboard.loading(locator).isVisible()) return `"${title}" is still loading`;
      const error = dashboard.error(locator);
      // The status may clear between the two reads (a slow query that then succeeds): never wait for it.
      if (await error.isVisible()) return `"${title}" shows an error: ${(await error.getAttribute('title', { timeout: 1_000 }).catch(() => null)) ?? ''}`;
      if (await dashboard.noData(locator).first().isVisible()) return `"${title}" shows "No data"`;
      return undefined;
    };
    // The browser waits for the panels whose queries returned data through the API; a panel the API
    // already found empty is read as the page shows it, not waited on again.
    const emptyThroughApi = new Set(empty.map((o) => o.panel));
    const onlyKnownEmpty = (problems: string[]) => problems.every((p) => [...emptyThroughApi].some((title) => p.startsWith(`"${title}"`)));
    const allShowData = async (when: string): Promise<Finding | false> => {
      const seen = await pollUntil(async () => (await Promise.all(panels.map(problemsOf))).filter((p): p is string => Boolean(p)), onlyKnownEmpty, {
        timeoutMs: 20_000,
        intervalMs: 500,
      });
      await evidence.png(`dashboard ${uid} ${when}`, await page.screenshot({ fullPage: true }));
      for (const { title, locator } of panels)
        if (seen.value.some((p) => p.startsWith(`"${title}"`)) && (await locator.isVisible()))
          await locator
            .screenshot({ timeout: 5_000 })
            .then((png) => evidence.png(`failing panel ${title} ${when}`, png))
            .catch(() => undefined); // evidence only: a panel that re-renders meanwhile must not turn the verdict broken
      return (
        seen.value.length > 0 && {
          expected: `every panel of ${uid} to show data ${when}`,
          found: seen.value.join('; '),
          where: `${target.grafana.url}/d/${uid}`,
        }
      );
    };

    const loaded = await allShowData('after loading');
    const beforeRange = queries.count();
    await dashboard.setTimeRange('now-30m', 'now');
    const rangeQueried = await pollUntil(
      async () => queries.count(),
      (n) => n > beforeRange,
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    const urlFrom = new URL(page.url()).searchParams.get('from');
    const afterRange = await allShowData('after changing the time range to the last 30 minutes');
    const beforeRefresh = queries.count();
    await dashboard.refresh();
    const refreshed = await pollUntil(
      async () => queries.count(),
      (n) => n > beforeRefresh,
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    await evidence.json('browser', {
      dataQueries: queries.count(),
      afterRangeChange: rangeQueried.value - beforeRange,
      urlFrom,
      afterRefresh: refreshed.value - beforeRefresh,
    });
    // Every finding at once: the API's and the browser's.
    checkAll([
      apiFinding,
      loaded,
      !rangeQueried.ok && {
        expected: 'a time range change to re-query the panels',
        found: 'no /api/ds/query request after applying now-30m',
        where: `${target.grafana.url}/d/${uid}`,
      },
      rangeQueried.ok &&
        urlFrom !== 'now-30m' && { expected: 'the dashboard URL to carry the new time range (from=now-30m)', found: `from=${urlFrom}`, where: page.url() },
      afterRange,
      !refreshed.ok && {
        expected: 'the Refresh button to re-query the panels',
        found: 'no /api/ds/query request after pressing Refresh',
        where: `${target.grafana.url}/d/${uid}`,
      },
    ]);
  },
  { timeoutMs: 150_000 },
);

import type { Locator, Page } from '@playwright/test';
import { selectorsFor, type Selectors } from './selectors.js';

/** What every Grafana page model shares: the page, Grafana's base URL, the selectors of its version. */
abstract class GrafanaPage {
  protected readonly s: Selectors;
  constructor(
    protected readonly page: Page,
    protected readonly baseUrl: string,
    /** Grafana's version (GET /api/health `version`); selectors are resolved for it. */
    grafanaVersion = '11.0.0',
  ) {
    this.s = selectorsFor(grafanaVersion.replace(/-.*$/, ''));
  }
}

/** Grafana's login page. Works with real Grafana 11/12 and the stand-in (same test ids). */
export class LoginPage extends GrafanaPage {
  async login(user: string, password: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/login`);
    await this.page.getByTestId(this.s.login.username).fill(user);
    await this.page.getByTestId(this.s.login.password).fill(password);
    await this.page.getByTestId(this.s.login.submit).click();
    const skip = this.page.getByTestId(this.s.login.skipPasswordChange);
    // First login with a default password shows a change-password page; anything else means we are in.
    await this.page.waitForURL((url) => !url.pathname.startsWith('/login') || url.pathname.includes('change-password'));
    if (await skip.isVisible()) await skip.click();
  }
}

/** A dashboard page; hands out Locators so assertions stay in the test and keep retrying. */
export class DashboardPage extends GrafanaPage {
  async goto(uid: string, range: { from: string; to: string } = { from: 'now-15m', to: 'now' }): Promise<void> {
    await this.page.goto(`${this.baseUrl}/d/${encodeURIComponent(uid)}?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`);
    await this.page.getByTestId(this.s.dashboard.controls).waitFor();
  }

  panel(title: string): Locator {
    return this.page.getByTestId(this.s.dashboard.panel(title));
  }

  /** "No data" as every panel type shows it (stat panels render it without a test id). */
  noData(panel: Locator): Locator {
    return panel.getByTestId(this.s.dashboard.noData).or(panel.getByText('No data', { exact: true }));
  }

  error(panel: Locator): Locator {
    return panel.getByTestId(this.s.dashboard.panelError);
  }

  loading(panel: Locator): Locator {
    return panel.getByLabel(this.s.dashboard.loadingBar);
  }

  /** What a panel shows besides its title (a stat's value, a graph's legend). */
  async shownText(panel: Locator, title: string): Promise<string> {
    const text = await panel.innerText();
    return text.replace(title, '').trim();
  }

  /** Sets an absolute or relative time range through the time picker, as a person would. */
  async setTimeRange(from: string, to: string): Promise<void> {
    await this.page.getByTestId(this.s.timePicker.open).click();
    await this.page.getByTestId(this.s.timePicker.from).fill(from);
    await this.page.getByTestId(this.s.timePicker.to).fill(to);
    await this.page.getByTestId(this.s.timePicker.apply).click();
  }

  async refresh(): Promise<void> {
    await this.page.getByTestId(this.s.refresh.run).click();
  }
}

/** Counts the data queries the page sends to Grafana (POST /api/ds/query), to see a change re-query. */
export function countDataQueries(page: Page): { count(): number } {
  let n = 0;
  page.on('request', (req) => {
    if (req.method() === 'POST' && new URL(req.url()).pathname.endsWith('/api/ds/query')) n++;
  });
  return { count: () => n };
}

import type { Locator, Page } from '@playwright/test';
import { selectorsFor, type Selectors } from './selectors.js';

/** What every Grafana page model shares: the page, Grafana's base URL, the selectors of its version. */
abstract class GrafanaPage {
  protected readonly s: Selectors;
  constructor(
    protected readonly page: Page,
    protected readonly baseUrl: string,
    grafanaVersion = '11.0.0',
  ) {
    this.s = selectorsFor(grafanaVersion);
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
    return panel.getByText('No data', { exact: true });
  }

  loading(panel: Locator): Locator {
    return panel.getByLabel(this.s.dashboard.loadingBar);
  }

  async refresh(): Promise<void> {
    await this.page.getByTestId(this.s.refresh.run).click();
  }
}

import { defineConfig } from '@playwright/test';

/**
 * Browser checks (tests/e2e/*.spec.ts) in Debian's Chromium; never a downloaded browser.
 * `npm run checklist` hands over the target (CHECKLIST_TARGET) and the Allure results directory.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  reporter: [
    ['list'],
    ['allure-playwright', { resultsDir: process.env.CHECKLIST_RESULTS_DIR ?? 'reports/allure-results', detail: false }],
    ['junit', { outputFile: `${process.env.CHECKLIST_RESULTS_DIR ?? 'reports/allure-results'}/../junit/playwright.xml` }],
  ],
  outputDir: process.env.CHECKLIST_PLAYWRIGHT_OUTPUT ?? 'reports/playwright',
  use: {
    headless: true,
    // Every action and navigation has its own deadline, so a missing element fails fast and names itself.
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
      ],
    },
  },
});

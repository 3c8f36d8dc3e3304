import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ITEMS } from '../../src/registry/registry.js';
import { rebuildSignoff } from '../../src/signoff/rebuild.js';
import { fakeReport } from '../support/fake-report.js';

/** The one-page sign-off, rendered from disk in Debian's Chromium: content, statuses, print on A4. */
describe('signoff.html in a real browser', () => {
  let browser: Browser;
  const dir = fakeReport();
  beforeAll(async () => {
    rebuildSignoff(dir);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the verdict, every item in the checklist order, the waiver and the approvals', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(join(dir, 'signoff.html')).href);
    await expect.poll(() => page.locator('#verdict').textContent()).toBe('READY');
    const ids = await page.locator('#items tr[data-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(ids).toEqual(ITEMS.map((i) => i.id));
    expect(await page.locator('tr[data-id="PRE-1.6"]').getAttribute('data-status')).toBe('waived');
    expect(await page.locator('tr[data-id="PRE-1.6"]').innerText()).toMatch(/WAIVED[\s\S]*BROKEN, waived: no security scanner/);
    const text = await page.locator('body').innerText();
    expect(text).toMatch(/REFERENCE WAIVERS: no vulnerability scanner/);
    expect(text).toMatch(/SO-2\s+QA\s+Quinn Assure \(sample\)\s+2026-12-01\s+approved/);
    expect(text).toMatch(/downtime 0\.03 min \(unplanned 0 min; 10 health probes\)/);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await page.screenshot({ path: join(process.env.SIGNOFF_SCREENSHOT_DIR ?? dir, 'signoff.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThan(0);
    expect(pages, 'A4 pages').toBeLessThanOrEqual(2);
    await page.close();
  });
});

import { test, type Page } from '@playwright/test';
import { getItem } from './registry.js';
import { labelItem, testName } from './allure-labels.js';
import { itemContext, type ItemContext } from './context.js';
import { ItemBroken, NOT_IMPLEMENTED } from './errors.js';
import { targetFromEnv, TARGET_ENV, type Target } from '../target/target.js';

function currentTarget(): Target {
  const target = targetFromEnv();
  if (!target) throw new ItemBroken(`no target: run through \`npm run checklist\` (it sets ${TARGET_ENV})`);
  return target;
}

/**
 * The Playwright twin of item() in ./vitest.ts: same name, same labels, same context, plus the page.
 * @example item('VER-3', async ({ page, grafana }) => { ... })
 */
export function item(id: string, body: (ctx: ItemContext & { page: Page }) => Promise<void>, options: { timeoutMs?: number } = {}): void {
  const record = getItem(id);
  test(testName(record), async ({ page }) => {
    test.setTimeout(options.timeoutMs ?? 60_000);
    await labelItem(record);
    const ctx = itemContext(record, currentTarget);
    await body(Object.assign(Object.create(ctx) as ItemContext, { page }));
  });
}

export function notImplemented(id: string): void {
  item(id, async () => {
    throw new ItemBroken(NOT_IMPLEMENTED);
  });
}

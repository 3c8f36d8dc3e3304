import { test, type Page } from '@playwright/test';
import { declareItem, type ItemOptions } from './item.js';
import type { ItemContext } from './context.js';
import { ItemBroken, NOT_IMPLEMENTED } from '../registry/errors.js';

/**
 * The Playwright adapter over ./item.ts: same name, labels, context and statuses, plus the page.
 * @example item('VER-3', async ({ page, grafana }) => { ... })
 */
export function item(id: string, body: (ctx: ItemContext & { page: Page }) => Promise<void>, options: ItemOptions = {}): void {
  declareItem<{ page: Page }>(
    {
      declare: (name, timeoutMs, run) =>
        test(name, async ({ page }) => {
          test.setTimeout(timeoutMs);
          await run({ page }, (reason) => {
            test.skip(true, reason);
            throw new Error('unreachable: test.skip() throws');
          });
        }),
    },
    id,
    body,
    options,
  );
}

export function notImplemented(id: string): void {
  item(id, async () => {
    throw new ItemBroken(NOT_IMPLEMENTED);
  });
}

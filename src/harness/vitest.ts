import { test } from 'vitest';
import { declareItem, type ItemOptions } from './item.js';
import type { ItemContext } from './context.js';
import { ItemBroken, NOT_IMPLEMENTED } from '../registry/errors.js';

/**
 * Declares the test of one checklist item in Vitest (the thin adapter over ./item.ts).
 * @example item('VER-1', async ({ app, evidence }) => { ... })
 */
export function item(id: string, body: (ctx: ItemContext) => Promise<void>, options: ItemOptions = {}): void {
  declareItem<object>(
    {
      declare: (name, timeoutMs, run) =>
        test(name, { timeout: timeoutMs }, async (context) =>
          run({}, (reason) => {
            context.skip(reason);
            throw new Error('unreachable: skip() throws');
          }),
        ),
    },
    id,
    body,
    options,
  );
}

/** An item whose test is not written yet: reported broken with that reason, never passed. */
export function notImplemented(id: string): void {
  item(id, async () => {
    throw new ItemBroken(NOT_IMPLEMENTED);
  });
}

/** An item decided by people only: it passes on valid attestations of its responsible roles. */
export function attested(id: string): void {
  item(id, async ({ attest }) => {
    await attest();
  });
}

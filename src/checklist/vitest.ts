import { inject, test } from 'vitest';
import { getItem } from './registry.js';
import { labelItem, testName } from './allure-labels.js';
import { itemContext, type ItemContext } from './context.js';
import { ItemBroken, NOT_IMPLEMENTED } from './errors.js';
import { targetFromEnv, TARGET_ENV, type Target } from '../target/target.js';
import { registerSecret } from '../secrets/redact.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The serialized Target of this run (src/checklist/vitest-global-setup.ts). */
    target: string;
  }
}

function currentTarget(): Target {
  const fromEnv = targetFromEnv();
  if (fromEnv) return fromEnv;
  const provided = inject('target');
  if (!provided) throw new ItemBroken(`no target: run through \`npm run checklist\` or set ${TARGET_ENV}`);
  const target = JSON.parse(provided) as Target;
  registerSecret(target.grafana.password);
  return target;
}

export interface ItemOptions {
  /** The test's own deadline. @defaultValue 60_000 */
  timeoutMs?: number;
}

/**
 * Declares the test of one checklist item: named `[ID] title`, labelled for Allure, handed the
 * clients of the target. The only way a checklist test is declared in Vitest.
 * @example item('VER-1', async ({ app }) => { ... })
 */
export function item(id: string, body: (ctx: ItemContext) => Promise<void>, options: ItemOptions = {}): void {
  const record = getItem(id);
  test(testName(record), { timeout: options.timeoutMs ?? 60_000 }, async () => {
    await labelItem(record);
    await body(itemContext(record, currentTarget));
  });
}

/** An item whose test is not written yet: reported broken with that reason, never passed. */
export function notImplemented(id: string): void {
  item(id, async () => {
    throw new ItemBroken(NOT_IMPLEMENTED);
  });
}

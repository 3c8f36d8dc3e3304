import * as allure from 'allure-js-commons';
import { getItem } from '../registry/registry.js';
import { NotApplicable, outcomeOf, type ItemStatus } from '../registry/errors.js';
import type { ChecklistItem } from '../registry/types.js';
import { redact } from '../secrets/redact.js';
import { labelItem, testName, REASON_LABEL, STATUS_LABEL, NA_KIND_LABEL } from './allure-labels.js';
import { itemContext, type ItemContext } from './context.js';
import { currentTarget } from './current-target.js';

/** What differs between Vitest and Playwright: how a test is declared and how it is skipped. */
export interface RunnerAdapter<Extra> {
  declare(name: string, timeoutMs: number, run: (extra: Extra, skip: (reason: string) => never) => Promise<void>): void;
}

export interface ItemOptions {
  /** The item's own deadline; the runner's timeout is set a little above it. @defaultValue 60_000 */
  timeoutMs?: number;
}

export const DEFAULT_ITEM_TIMEOUT_MS = 60_000;
/** The runner's timeout above the item's own deadline, so the item ends first and says why. */
export const RUNNER_GRACE_MS = 5_000;

async function withDeadline(body: Promise<void>, timeoutMs: number, id: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`deadline: ${id} did not decide within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([body, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function record(status: ItemStatus, reason?: string, kind?: string): Promise<void> {
  await allure.label(STATUS_LABEL, status);
  if (reason) await allure.label(REASON_LABEL, redact(reason).slice(0, 4_000));
  if (kind) await allure.label(NA_KIND_LABEL, kind);
}

/**
 * The one item wrapper, shared by both runners: names and labels the test, hands it the context,
 * enforces its deadline, and decides its status (registry/errors.ts), recorded as data that the
 * sign-off reads. An item that writes to the target is skipped in a read-only run.
 */
export function declareItem<Extra>(
  adapter: RunnerAdapter<Extra>,
  id: string,
  body: (ctx: ItemContext & Extra) => Promise<void>,
  options: ItemOptions = {},
): ChecklistItem {
  const item = getItem(id);
  const timeoutMs = options.timeoutMs ?? DEFAULT_ITEM_TIMEOUT_MS;
  adapter.declare(testName(item), timeoutMs + RUNNER_GRACE_MS, async (extra, skip) => {
    await labelItem(item);
    try {
      const ctx = itemContext(item, currentTarget);
      if (item.writes && ctx.target.readOnly) throw new NotApplicable('read-only', `this item ${item.writes}, and the run is read-only`);
      await withDeadline(body(Object.assign(Object.create(ctx) as ItemContext, extra)), timeoutMs, item.id);
    } catch (error) {
      const outcome = outcomeOf(error);
      await record(outcome.status, outcome.message, outcome.kind);
      if (outcome.status === 'skipped') skip(redact(outcome.message));
      throw error;
    }
    await record('passed');
  });
  return item;
}

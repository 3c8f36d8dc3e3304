import * as allure from 'allure-js-commons';
import { PHASES, isBlocking, type ChecklistItem } from '../registry/types.js';

/** The label that carries the item id; the sign-off reads results by it. */
export const ITEM_ID_LABEL = 'checklist_id';
/** The status the project decided (registry/errors.ts); the sign-off reads it, not Allure's guess. */
export const STATUS_LABEL = 'checklist_status';
/** Why an item did not pass: the failure, the reason it broke, or why it does not apply. */
export const REASON_LABEL = 'checklist_reason';
/** For a skipped item: the kind of "not applicable" (registry `mayNotApply`). */
export const NA_KIND_LABEL = 'checklist_not_applicable';

/** The test's name: `[ID] title`. */
export function testName(item: ChecklistItem): string {
  return `[${item.id}] ${item.title}`;
}

/**
 * The one place that knows the Allure labels of a checklist item.
 * Called at the start of every item's test, Vitest or Playwright.
 */
export async function labelItem(item: ChecklistItem): Promise<void> {
  await allure.label(ITEM_ID_LABEL, item.id);
  await allure.epic(PHASES[item.phase]);
  await allure.feature(item.section);
  await allure.story(item.title);
  await allure.severity(item.severity === 'critical' || isBlocking(item) ? 'critical' : 'normal');
  await allure.owner(item.responsible);
  await allure.tags(item.id, isBlocking(item) ? 'blocker' : 'non-blocker', item.how);
}

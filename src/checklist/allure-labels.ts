import * as allure from 'allure-js-commons';
import { PHASES, isBlocking, type ChecklistItem } from './types.js';

/** The label that carries the item id; the sign-off reads results by it. */
export const ITEM_ID_LABEL = 'checklist_id';

/** The test's name: `[ID] title`. */
export function testName(item: ChecklistItem): string {
  return `[${item.id}] ${item.title}`;
}

/**
 * The one place that knows the Allure labels of a checklist item (design.md, "Evidence").
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

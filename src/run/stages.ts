import type { Declaration } from '../harness/declarations.js';
import type { ChecklistItem } from '../registry/types.js';

/** One runner invocation of a run; stages run one after the other, in this order. */
export interface Stage {
  name: string;
  runner: 'vitest' | 'playwright';
  takes(item: ChecklistItem, declaration: Declaration): boolean;
  /** One file at a time: the stage's items would disturb each other. */
  serial?: boolean;
}

const late = new Set<ChecklistItem['phase']>(['rollback', 'signoff']);

/**
 * Every item that neither disturbs, disrupts, sums up nor reads other items' results runs first
 * (Vitest, then the browser items); then the items that change the shared stack (registry `disturbs`)
 * and those decided from the others' results (registry `readsResultsOf`: DEP-1.1 finds the
 * pre-deployment items decided instead of deciding them again); then the rollback phase (RB-0 reads
 * the triggers before the drill stops anything; the drill is last among the checks, so it disturbs
 * none); then the sign-off items, which read what the others recorded.
 */
export const STAGES: readonly Stage[] = [
  { name: 'vitest', runner: 'vitest', takes: (i, d) => d.runner === 'vitest' && !late.has(i.phase) && !i.disturbs && !i.readsResultsOf },
  { name: 'playwright', runner: 'playwright', takes: (i, d) => d.runner === 'playwright' },
  // Items that change the shared stack (reloads, the load test, a test alert) after every item that reads it.
  {
    name: 'vitest (items that change the stack or read the others)',
    runner: 'vitest',
    takes: (i, d) => d.runner === 'vitest' && !late.has(i.phase) && Boolean(i.disturbs || i.readsResultsOf),
    serial: true,
  },
  { name: 'vitest (rollback drill)', runner: 'vitest', takes: (i, d) => d.runner === 'vitest' && i.phase === 'rollback' },
  { name: 'vitest (sign-off)', runner: 'vitest', takes: (i, d) => d.runner === 'vitest' && i.phase === 'signoff' },
];

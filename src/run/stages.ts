import type { Declaration } from '../harness/declarations.js';
import type { ChecklistItem } from '../registry/types.js';

/** One runner invocation of a run; stages run one after the other, in this order. */
export interface Stage {
  name: string;
  runner: 'vitest' | 'playwright';
  takes(item: ChecklistItem, declaration: Declaration): boolean;
}

const late = new Set<ChecklistItem['phase']>(['rollback', 'signoff']);

/**
 * Every item that neither disrupts nor sums up runs first (Vitest, then the browser items); then the
 * rollback phase (RB-0 reads the triggers before the drill stops anything; the drill is last among
 * the checks, so it disturbs none); then the sign-off items, which read what the others recorded.
 */
export const STAGES: readonly Stage[] = [
  { name: 'vitest', runner: 'vitest', takes: (i, d) => d.runner === 'vitest' && !late.has(i.phase) },
  { name: 'playwright', runner: 'playwright', takes: (i, d) => d.runner === 'playwright' },
  { name: 'vitest (rollback drill)', runner: 'vitest', takes: (i, d) => d.runner === 'vitest' && i.phase === 'rollback' },
  { name: 'vitest (sign-off)', runner: 'vitest', takes: (i, d) => d.runner === 'vitest' && i.phase === 'signoff' },
];

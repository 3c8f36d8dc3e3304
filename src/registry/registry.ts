import { ITEMS } from './items.js';
import { PHASES, isBlocking, type ChecklistItem, type Phase } from './types.js';

const ID_PATTERN = /^(PRE|DEP|SMOKE|VER|RB|SO)-\d+(\.\d+)?$/;
const BY_ID = new Map(ITEMS.map((item) => [item.id, item]));

/** The item with this id; throws with the known ids' shape when there is none. */
export function getItem(id: string): ChecklistItem {
  const item = BY_ID.get(id);
  if (!item) {
    throw new Error(`[Item:${id}] is not in the checklist registry (src/registry/items.ts). Ids look like VER-1 or PRE-6.1.`);
  }
  return item;
}

export function hasItem(id: string): boolean {
  return BY_ID.has(id);
}

/** Which items a run selects. Empty criteria select everything. */
export interface ItemFilter {
  ids?: readonly string[];
  phases?: readonly Phase[];
  blockersOnly?: boolean;
  severity?: ChecklistItem['severity'];
}

export function selectItems(filter: ItemFilter = {}): ChecklistItem[] {
  return ITEMS.filter(
    (item) =>
      (!filter.ids?.length || filter.ids.includes(item.id)) &&
      (!filter.phases?.length || filter.phases.includes(item.phase)) &&
      (!filter.blockersOnly || isBlocking(item)) &&
      (!filter.severity || item.severity === filter.severity),
  );
}

export function isPhase(value: string): value is Phase {
  return value in PHASES;
}

/**
 * Every problem of the registry, each as "[Item:ID] reason. Hint: ...", gathered rather than thrown,
 * so one run shows them all.
 */
export function validateRegistry(items: readonly ChecklistItem[] = ITEMS): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const at = `[Item:${item.id}]`;
    if (!ID_PATTERN.test(item.id)) problems.push(`${at} id does not look like PRE-1.1 / VER-1. Hint: use the id of docs/checklist.md.`);
    if (seen.has(item.id)) problems.push(`${at} id is declared twice. Hint: one item, one id.`);
    seen.add(item.id);
    if (!item.title.trim()) problems.push(`${at} has no title. Hint: copy the item text of the seed checklist.`);
    if (!item.section.trim()) problems.push(`${at} has no section. Hint: the seed's section heading.`);
    if (!item.responsible.trim()) problems.push(`${at} has no responsible role. Hint: the seed's "Responsible:" line.`);
    const prefix = item.id.split('-')[0];
    const expectedPhase: Record<string, Phase> = { PRE: 'pre', DEP: 'deploy', SMOKE: 'smoke', VER: 'verify', RB: 'rollback', SO: 'signoff' };
    if (prefix && expectedPhase[prefix] !== item.phase)
      problems.push(`${at} phase is ${item.phase}. Hint: ${prefix} items belong to phase ${expectedPhase[prefix]}.`);
  }
  return problems;
}

export { ITEMS };

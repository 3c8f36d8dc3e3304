import { selectItems } from '../registry/registry.js';
import type { ChecklistItem } from '../registry/types.js';
import type { Declaration } from '../harness/declarations.js';
import { registryPhases, type RunOptions } from './options.js';

/**
 * The items a run selects: ids, phases (`e2e` = the items decided in a browser), severity and
 * blockers, OR-ed within a criterion and AND-ed across them; then this run's shard of them
 * (round-robin in checklist order, so every shard gets a share of each phase).
 */
export function selectRunItems(
  options: Pick<RunOptions, 'items' | 'phases' | 'severity' | 'blockersOnly' | 'shard'>,
  declared: ReadonlyMap<string, Pick<Declaration, 'runner'>>,
): ChecklistItem[] {
  const wantsE2e = options.phases.includes('e2e');
  const phases = registryPhases(options.phases);
  const base = selectItems({ ids: options.items, blockersOnly: options.blockersOnly, severity: options.severity });
  const byPhase = options.phases.length ? base.filter((i) => phases.includes(i.phase) || (wantsE2e && declared.get(i.id)?.runner === 'playwright')) : base;
  const shard = options.shard;
  return shard ? byPhase.filter((_, index) => index % shard.count === shard.index - 1) : byPhase;
}

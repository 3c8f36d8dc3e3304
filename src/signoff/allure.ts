import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ITEM_ID_LABEL } from '../harness/allure-labels.js';
import { ITEMS } from '../registry/registry.js';
import { PHASES } from '../registry/types.js';
import type { Signoff } from './signoff.js';

/** Labels the categories of allurerc.mjs match on. */
export const WAIVED_LABEL = 'checklist_waived';
export const BLOCKING_LABEL = 'checklist_blocking';

interface RawResult {
  labels?: { name: string; value: string }[];
}

const PHASE_ORDER = [...new Set(ITEMS.map((i) => i.phase))];
const SECTION_ORDER = new Map<string, string[]>();
for (const i of ITEMS) SECTION_ORDER.set(i.phase, [...new Set([...(SECTION_ORDER.get(i.phase) ?? []), i.section])]);

/** Epic and feature names that sort, as text, in the checklist's order: `1 Pre-deployment`, `1.06 6. Monitoring Configuration`. */
function orderedNames(id: string): { epic: string; feature: string } | undefined {
  const item = ITEMS.find((i) => i.id === id);
  if (!item) return undefined;
  const p = PHASE_ORDER.indexOf(item.phase) + 1;
  const sec = (SECTION_ORDER.get(item.phase) ?? []).indexOf(item.section) + 1;
  return { epic: `${p} ${PHASES[item.phase]}`, feature: `${p}.${String(sec).padStart(2, '0')} ${item.section}` };
}

/**
 * Makes the Allure report say what the sign-off says: each result labelled blocking / waived (the
 * categories group failed, broken and waived items by them), epics and features named so that the
 * tree, sorted by name (allurerc.mjs), lists phases, sections and items in the checklist's order,
 * and the verdict in the environment. Idempotent.
 */
export function alignAllureResults(resultsDir: string, signoff: Signoff): void {
  if (!existsSync(resultsDir)) return;
  const byId = new Map(signoff.items.map((i) => [i.id, i]));
  for (const file of readdirSync(resultsDir).filter((f) => f.endsWith('-result.json'))) {
    const path = join(resultsDir, file);
    const raw = JSON.parse(readFileSync(path, 'utf8')) as RawResult;
    const id = raw.labels?.find((l) => l.name === ITEM_ID_LABEL)?.value;
    const item = id ? byId.get(id) : undefined;
    if (!item) continue;
    const wanted = { [BLOCKING_LABEL]: item.blocking ? 'yes' : 'no', ...(item.waiver ? { [WAIVED_LABEL]: 'yes' } : {}) };
    const names = orderedNames(item.id)!;
    const before = JSON.stringify(raw.labels ?? []);
    const labels = (raw.labels ?? []).map((l) => (l.name === 'epic' ? { ...l, value: names.epic } : l.name === 'feature' ? { ...l, value: names.feature } : l));
    for (const [name, value] of Object.entries(wanted)) if (!labels.some((l) => l.name === name)) labels.push({ name, value });
    if (JSON.stringify(labels) !== before) writeFileSync(path, JSON.stringify({ ...raw, labels }));
  }
  const env = join(resultsDir, 'environment.properties');
  const kept = existsSync(env)
    ? readFileSync(env, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('verdict') && !l.startsWith('counts'))
    : [];
  const c = signoff.counts;
  const rows = [
    `verdict=${signoff.verdict}`,
    `counts=passed ${c.passed}, failed ${c.failed}, broken ${c.broken}, skipped ${c.skipped}, waived ${c.waived}`,
    ...kept,
  ];
  writeFileSync(env, rows.join('\n') + '\n');
}

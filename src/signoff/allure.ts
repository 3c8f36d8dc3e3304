import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ITEM_ID_LABEL } from '../harness/allure-labels.js';
import { ITEMS } from '../registry/registry.js';
import type { Signoff } from './signoff.js';

/** Labels the categories of allurerc.mjs match on. */
export const WAIVED_LABEL = 'checklist_waived';
export const BLOCKING_LABEL = 'checklist_blocking';

interface RawResult {
  labels?: { name: string; value: string }[];
}

const ORDER = new Map(ITEMS.map((item, i) => [item.id, i]));
const ORDERED = /^\d{3}-/;

/**
 * Makes the Allure report say what the sign-off says: each result labelled blocking / waived (the
 * categories group failed, broken and waived items by them), the files named in the checklist's
 * order (Allure builds its tree in the order it reads them: phases, sections and items then appear
 * as the checklist lists them), and the verdict in the environment. Idempotent.
 */
export function alignAllureResults(resultsDir: string, signoff: Signoff): void {
  if (!existsSync(resultsDir)) return;
  const byId = new Map(signoff.items.map((i) => [i.id, i]));
  for (const file of readdirSync(resultsDir).filter((f) => f.endsWith('-result.json'))) {
    let path = join(resultsDir, file);
    const raw = JSON.parse(readFileSync(path, 'utf8')) as RawResult;
    const id = raw.labels?.find((l) => l.name === ITEM_ID_LABEL)?.value;
    const item = id ? byId.get(id) : undefined;
    if (!item) continue;
    const wanted = { [BLOCKING_LABEL]: item.blocking ? 'yes' : 'no', ...(item.waiver ? { [WAIVED_LABEL]: 'yes' } : {}) };
    const labels = raw.labels ?? [];
    const missing = Object.entries(wanted).filter(([name]) => !labels.some((l) => l.name === name));
    if (missing.length) {
      raw.labels = [...labels, ...missing.map(([name, value]) => ({ name, value }))];
      writeFileSync(path, JSON.stringify(raw));
    }
    if (!ORDERED.test(file)) {
      const ordered = join(resultsDir, `${String(ORDER.get(item.id) ?? 999).padStart(3, '0')}-${file}`);
      renameSync(path, ordered);
      path = ordered;
    }
  }
  const env = join(resultsDir, 'environment.properties');
  const kept = existsSync(env) ? readFileSync(env, 'utf8').split('\n').filter((l) => l && !l.startsWith('verdict') && !l.startsWith('counts')) : [];
  const c = signoff.counts;
  const rows = [`verdict=${signoff.verdict}`, `counts=passed ${c.passed}, failed ${c.failed}, broken ${c.broken}, skipped ${c.skipped}, waived ${c.waived}`, ...kept];
  writeFileSync(env, rows.join('\n') + '\n');
}

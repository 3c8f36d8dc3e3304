import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ITEM_ID_LABEL } from '../checklist/allure-labels.js';

export type ItemStatus = 'passed' | 'failed' | 'broken' | 'skipped';

/** What one Allure result says about one item. */
export interface ItemResult {
  id: string;
  status: ItemStatus;
  message?: string;
  durationMs: number;
  stop: number;
  attachments: string[];
}

interface AllureResultFile {
  status?: string;
  start?: number;
  stop?: number;
  labels?: { name: string; value: string }[];
  statusDetails?: { message?: string };
  attachments?: { name: string; source: string }[];
}

const STATUSES: readonly ItemStatus[] = ['passed', 'failed', 'broken', 'skipped'];

/** Reads every `*-result.json` of an Allure results directory; the newest result of an item wins. */
export function readItemResults(resultsDir: string): Map<string, ItemResult> {
  const byId = new Map<string, ItemResult>();
  if (!existsSync(resultsDir)) return byId;
  for (const file of readdirSync(resultsDir).filter((f) => f.endsWith('-result.json'))) {
    const raw = JSON.parse(readFileSync(join(resultsDir, file), 'utf8')) as AllureResultFile;
    const id = raw.labels?.find((l) => l.name === ITEM_ID_LABEL)?.value;
    if (!id) continue;
    const status = STATUSES.find((s) => s === raw.status) ?? 'broken';
    const result: ItemResult = {
      id,
      status,
      message: raw.statusDetails?.message,
      durationMs: (raw.stop ?? 0) - (raw.start ?? 0),
      stop: raw.stop ?? 0,
      attachments: (raw.attachments ?? []).map((a) => a.name),
    };
    const previous = byId.get(id);
    if (!previous || previous.stop <= result.stop) byId.set(id, result);
  }
  return byId;
}

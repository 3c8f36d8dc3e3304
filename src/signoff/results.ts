import { readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ITEM_ID_LABEL, NA_KIND_LABEL, REASON_LABEL, STATUS_LABEL } from '../harness/allure-labels.js';
import { ITEM_STATUSES, NOT_APPLICABLE_KINDS, type ItemStatus, type NotApplicableKind } from '../registry/errors.js';

export type { ItemStatus };

/** What one Allure result says about one item. */
export interface ItemResult {
  id: string;
  status: ItemStatus;
  message?: string;
  /** For a skipped item: the kind of "not applicable" it was skipped for. */
  notApplicable?: NotApplicableKind;
  durationMs: number;
  stop: number;
  /** The Allure result's uuid: the report links to it. */
  uuid?: string;
  attachments: string[];
}

interface AllureResultFile {
  uuid?: string;
  status?: string;
  start?: number;
  stop?: number;
  labels?: { name: string; value: string }[];
  statusDetails?: { message?: string; trace?: string };
  attachments?: { name: string; source: string }[];
}

const resultFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('-result.json')) : []);
const label = (raw: AllureResultFile, name: string) => raw.labels?.find((l) => l.name === name)?.value;

/**
 * Makes Allure show the status the project decided (the item wrapper's label), not the reporter's
 * guess from the error's name, and the reason of a skipped item as its message.
 */
export function applyDecidedStatuses(resultsDir: string): void {
  for (const file of resultFiles(resultsDir)) {
    const path = join(resultsDir, file);
    const raw = JSON.parse(readFileSync(path, 'utf8')) as AllureResultFile;
    const decided = ITEM_STATUSES.find((s) => s === label(raw, STATUS_LABEL));
    if (!decided) continue;
    const reason = label(raw, REASON_LABEL);
    const changed = raw.status !== decided || (reason && !raw.statusDetails?.message);
    if (!changed) continue;
    raw.status = decided;
    if (reason && !raw.statusDetails?.message) raw.statusDetails = { ...raw.statusDetails, message: reason };
    writeFileSync(path, JSON.stringify(raw));
  }
}

/** Reads every `*-result.json` of an Allure results directory; the newest result of an item wins. */
export function readItemResults(resultsDir: string): Map<string, ItemResult> {
  const byId = new Map<string, ItemResult>();
  for (const file of resultFiles(resultsDir)) {
    const raw = JSON.parse(readFileSync(join(resultsDir, file), 'utf8')) as AllureResultFile;
    const id = label(raw, ITEM_ID_LABEL);
    if (!id) continue;
    // The project's decision wins; a result without one (the runner killed the test) is broken unless Allure says otherwise.
    const status = ITEM_STATUSES.find((s) => s === label(raw, STATUS_LABEL)) ?? ITEM_STATUSES.find((s) => s === raw.status) ?? 'broken';
    const kind = NOT_APPLICABLE_KINDS.find((k) => k === label(raw, NA_KIND_LABEL));
    const result: ItemResult = {
      id,
      status,
      message: label(raw, REASON_LABEL) ?? raw.statusDetails?.message,
      notApplicable: status === 'skipped' ? kind : undefined,
      durationMs: (raw.stop ?? 0) - (raw.start ?? 0),
      stop: raw.stop ?? 0,
      uuid: raw.uuid,
      attachments: (raw.attachments ?? []).map((a) => a.name),
    };
    const previous = byId.get(id);
    if (!previous || previous.stop <= result.stop) byId.set(id, result);
  }
  return byId;
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ITEM_ID_LABEL, STATUS_LABEL } from '../harness/allure-labels.js';
import { PHASES, type ChecklistItem, type Phase } from '../registry/types.js';

type Tally = { passed: number; failed: number; broken: number; skipped: number; remaining: number };

/** Counts per phase of what the results directory holds so far, for the selected items. */
export function tallyByPhase(resultsDir: string, selected: readonly ChecklistItem[]): Map<Phase, Tally> {
  const statusById = new Map<string, string>();
  let files: string[] = [];
  try {
    files = readdirSync(resultsDir).filter((f) => f.endsWith('-result.json'));
  } catch {
    files = [];
  }
  for (const file of files) {
    try {
      const raw = JSON.parse(readFileSync(join(resultsDir, file), 'utf8')) as { status?: string; labels?: { name: string; value: string }[] };
      const id = raw.labels?.find((l) => l.name === ITEM_ID_LABEL)?.value;
      const status = raw.labels?.find((l) => l.name === STATUS_LABEL)?.value ?? raw.status;
      if (id && status) statusById.set(id, status);
    } catch {
      // a result being written right now: counted on the next tick
    }
  }
  const tally = new Map<Phase, Tally>();
  for (const item of selected) {
    const t = tally.get(item.phase) ?? { passed: 0, failed: 0, broken: 0, skipped: 0, remaining: 0 };
    const status = statusById.get(item.id);
    if (status === 'passed' || status === 'failed' || status === 'broken' || status === 'skipped') t[status]++;
    else t.remaining++;
    tally.set(item.phase, t);
  }
  return tally;
}

export function formatTally(tally: Map<Phase, Tally>): string {
  return [...tally]
    .map(
      ([phase, t]) =>
        `${PHASES[phase]} ${t.passed} passed${t.failed ? `, ${t.failed} failed` : ''}${t.broken ? `, ${t.broken} broken` : ''}${t.skipped ? `, ${t.skipped} skipped` : ''}${t.remaining ? `, ${t.remaining} to go` : ''}`,
    )
    .join(' | ');
}

/**
 * While the runners work, reports each phase's counts when they change (at most once a second), so a
 * person sees the run move. Returns the function that stops it.
 */
export function watchProgress(resultsDir: string, selected: readonly ChecklistItem[], progress: (message: string) => void, everyMs = 1_000): () => void {
  let last = '';
  const tick = () => {
    const line = formatTally(tallyByPhase(resultsDir, selected));
    if (line !== last) progress(line);
    last = line;
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    tick();
  };
}

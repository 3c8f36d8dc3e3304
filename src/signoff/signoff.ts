import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ITEMS } from '../checklist/registry.js';
import { isBlocking, PHASES, type ChecklistItem } from '../checklist/types.js';
import type { ItemResult, ItemStatus } from './results.js';
import { redact } from '../secrets/redact.js';

export type Verdict = 'READY' | 'NOT READY';

export interface SignoffItem {
  id: string;
  title: string;
  phase: string;
  section: string;
  how: ChecklistItem['how'];
  severity: ChecklistItem['severity'];
  /** The seed's blocker value: yes | no | warning-only | yes-for-critical. */
  blocker: ChecklistItem['blocker'];
  blocking: boolean;
  responsible: string;
  status: ItemStatus;
  message?: string;
  durationMs?: number;
}

export interface Signoff {
  verdict: Verdict;
  generatedAt: string;
  run: { mode: string; startedAt: string; durationMs: number; fault?: string; selected: number };
  counts: Record<ItemStatus, number>;
  /** Blocking items that did not pass: why the verdict is NOT READY. */
  blockers: { id: string; status: ItemStatus; message?: string }[];
  /** Non-blocking items that failed or broke: follow-ups, not stoppers. */
  warnings: { id: string; status: ItemStatus; message?: string }[];
  items: SignoffItem[];
}

export interface SignoffInput {
  results: Map<string, ItemResult>;
  /** Ids the run selected; the others are `skipped` as "not selected". */
  selected: ReadonlySet<string>;
  /** Why selected items have no result (e.g. the runner crashed), per id. */
  missingReason: (id: string) => string;
  run: Omit<Signoff['run'], 'selected'>;
}

/**
 * Registry + results -> sign-off. READY only when every blocking item passed: a blocker that failed,
 * broke or did not run keeps the deployment NOT READY.
 */
export function buildSignoff(input: SignoffInput): Signoff {
  const items: SignoffItem[] = ITEMS.map((item) => {
    const result = input.results.get(item.id);
    const base = {
      id: item.id,
      title: item.title,
      phase: PHASES[item.phase],
      section: item.section,
      how: item.how,
      severity: item.severity,
      blocker: item.blocker,
      blocking: isBlocking(item),
      responsible: item.responsible,
    };
    if (result) return { ...base, status: result.status, message: result.message && redact(result.message), durationMs: result.durationMs };
    if (!input.selected.has(item.id)) return { ...base, status: 'skipped', message: 'not selected in this run' };
    return { ...base, status: 'broken', message: input.missingReason(item.id) };
  });
  const counts: Record<ItemStatus, number> = { passed: 0, failed: 0, broken: 0, skipped: 0 };
  for (const i of items) counts[i.status]++;
  const brief = (i: SignoffItem) => ({ id: i.id, status: i.status, message: i.message });
  const blockers = items.filter((i) => i.blocking && i.status !== 'passed').map(brief);
  const warnings = items.filter((i) => !i.blocking && (i.status === 'failed' || i.status === 'broken')).map(brief);
  return {
    verdict: blockers.length === 0 ? 'READY' : 'NOT READY',
    generatedAt: new Date().toISOString(),
    run: { ...input.run, selected: input.selected.size },
    counts,
    blockers,
    warnings,
    items,
  };
}

function markdown(s: Signoff): string {
  const icon: Record<ItemStatus, string> = { passed: 'PASS', failed: 'FAIL', broken: 'BROKEN', skipped: 'SKIP' };
  const oneLine = (m?: string) => (m ?? '').split('\n')[0]!.replace(/\|/g, '\\|').slice(0, 160);
  const lines = [
    `# Deployment sign-off: ${s.verdict}`,
    '',
    `Generated ${s.generatedAt}; mode ${s.run.mode}${s.run.fault ? `, seeded fault ${s.run.fault}` : ''}; ${s.run.selected} items selected; run took ${Math.round(s.run.durationMs / 1000)} s.`,
    '',
    `Passed ${s.counts.passed}, failed ${s.counts.failed}, broken ${s.counts.broken}, skipped ${s.counts.skipped}.`,
    '',
    '## Blockers not passed',
    ...(s.blockers.length ? s.blockers.map((b) => `- ${b.id} ${icon[b.status]}: ${oneLine(b.message)}`) : ['- none']),
    '',
    '## Warnings (non-blocking items that failed or broke)',
    ...(s.warnings.length ? s.warnings.map((w) => `- ${w.id} ${icon[w.status]}: ${oneLine(w.message)}`) : ['- none']),
    '',
    '## Items',
    '| id | status | blocker | title | detail |',
    '|---|---|---|---|---|',
    ...s.items.map((i) => `| ${i.id} | ${icon[i.status]} | ${i.blocker} | ${i.title.replace(/\|/g, '\\|')} | ${oneLine(i.message)} |`),
    '',
  ];
  return lines.join('\n');
}

export function writeSignoff(dir: string, signoff: Signoff): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'signoff.json'), redact(JSON.stringify(signoff, null, 2)) + '\n');
  writeFileSync(join(dir, 'signoff.md'), redact(markdown(signoff)));
}

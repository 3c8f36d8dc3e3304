import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ITEMS } from '../registry/registry.js';
import { isBlocking, PHASES, type ChecklistItem } from '../registry/types.js';
import type { ItemResult, ItemStatus } from './results.js';
import { redact } from '../secrets/redact.js';
import type { NotApplicableKind } from '../registry/errors.js';

/** What the run verified (versions read from the parts, images, mode); see run/checked.ts. */
export interface CheckedParts {
  mode: string;
  prometheus: { url: string; version: string };
  alertmanager: { url: string; version: string };
  grafana: { url: string; product: string; version: string; standIn: boolean };
  app: { url: string; job: string };
  images: Record<string, string>;
  attestations: { file: string | null; sample: boolean };
}

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
  /** Skipped items: the kind of "not applicable", and whether the registry allows the item to be skipped for it. */
  notApplicable?: { kind: NotApplicableKind | 'unknown'; allowed: boolean };
  durationMs?: number;
}

export interface Signoff {
  verdict: Verdict;
  generatedAt: string;
  run: { mode: string; startedAt: string; durationMs: number; fault?: string; selected: number };
  /** What was checked; absent when the run did not get as far as a target. */
  checked?: CheckedParts;
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
  checked?: CheckedParts;
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
    if (result) {
      const notApplicable =
        result.status === 'skipped' ? { kind: result.notApplicable ?? ('unknown' as const), allowed: Boolean(result.notApplicable && item.mayNotApply?.includes(result.notApplicable)) } : undefined;
      return { ...base, status: result.status, message: result.message && redact(result.message), notApplicable, durationMs: result.durationMs };
    }
    if (!input.selected.has(item.id)) return { ...base, status: 'skipped', message: 'not selected in this run' };
    return { ...base, status: 'broken', message: input.missingReason(item.id) };
  });
  const counts: Record<ItemStatus, number> = { passed: 0, failed: 0, broken: 0, skipped: 0 };
  for (const i of items) counts[i.status]++;
  const brief = (i: SignoffItem) => ({ id: i.id, status: i.status, message: i.message });
  // A blocker counts as decided when it passed, or was skipped for a reason the registry allows it.
  const blockers = items.filter((i) => i.blocking && i.status !== 'passed' && !i.notApplicable?.allowed).map(brief);
  const warnings = items.filter((i) => !i.blocking && (i.status === 'failed' || i.status === 'broken')).map(brief);
  return {
    verdict: blockers.length === 0 ? 'READY' : 'NOT READY',
    generatedAt: new Date().toISOString(),
    run: { ...input.run, selected: input.selected.size },
    checked: input.checked,
    counts,
    blockers,
    warnings,
    items,
  };
}

function markdown(s: Signoff): string {
  const icon: Record<ItemStatus, string> = { passed: 'PASS', failed: 'FAIL', broken: 'BROKEN', skipped: 'SKIP' };
  const oneLine = (m?: string) => (m ?? '').split('\n')[0]!.replace(/\|/g, '\\|').slice(0, 160);
  const skippedNa = s.items.filter((i) => i.notApplicable);
  const lines = [
    `# Deployment sign-off: ${s.verdict}`,
    '',
    `Generated ${s.generatedAt}; mode ${s.run.mode}${s.run.fault ? `, seeded fault ${s.run.fault}` : ''}; ${s.run.selected} items selected; run took ${Math.round(s.run.durationMs / 1000)} s.`,
    '',
    `Passed ${s.counts.passed}, failed ${s.counts.failed}, broken ${s.counts.broken}, skipped ${s.counts.skipped}.`,
    '',
    ...checkedSection(s.checked),
    '## Blockers not passed',
    ...(s.blockers.length ? s.blockers.map((b) => `- ${b.id} ${icon[b.status]}: ${oneLine(b.message)}`) : ['- none']),
    '',
    '## Warnings (non-blocking items that failed or broke)',
    ...(s.warnings.length ? s.warnings.map((w) => `- ${w.id} ${icon[w.status]}: ${oneLine(w.message)}`) : ['- none']),
    '',
    '## Not applicable (skipped with a reason)',
    ...(skippedNa.length ? skippedNa.map((i) => `- ${i.id} (${i.notApplicable!.kind}${i.notApplicable!.allowed ? '' : ', NOT an allowed reason for this item'}): ${oneLine(i.message)}`) : ['- none']),
    '',
    '## Items',
    '| id | status | blocker | title | detail |',
    '|---|---|---|---|---|',
    ...s.items.map((i) => `| ${i.id} | ${icon[i.status]} | ${i.blocker} | ${i.title.replace(/\|/g, '\\|')} | ${oneLine(i.message)} |`),
    '',
  ];
  return lines.join('\n');
}

function checkedSection(c: CheckedParts | undefined): string[] {
  if (!c) return ['## What was checked', '- the run ended before it reached a target', ''];
  return [
    '## What was checked',
    `- mode: ${c.mode}`,
    `- Prometheus ${c.prometheus.version} at ${c.prometheus.url}`,
    `- Alertmanager ${c.alertmanager.version} at ${c.alertmanager.url}`,
    `- ${c.grafana.standIn ? '**Grafana stand-in (not Grafana)**, a test fixture that follows Grafana\'s HTTP contract,' : 'Grafana'} ${c.grafana.version} at ${c.grafana.url}`,
    `- application at ${c.app.url} (Prometheus job ${c.app.job})`,
    ...Object.entries(c.images).map(([k, v]) => `- image ${k}: ${v}`),
    `- attestations: ${c.attestations.file ?? 'none'}${c.attestations.sample ? ' (**SAMPLE attestations, not real decisions**)' : ''}`,
    '',
  ];
}

/** Removes an earlier sign-off, so that a run that ends without one leaves nothing to be mistaken for its result. */
export function removeSignoff(dir: string): void {
  for (const f of ['signoff.json', 'signoff.md', 'signoff.html']) rmSync(join(dir, f), { force: true });
}

export function writeSignoff(dir: string, signoff: Signoff): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'signoff.json'), redact(JSON.stringify(signoff, null, 2)) + '\n');
  writeFileSync(join(dir, 'signoff.md'), redact(markdown(signoff)));
}

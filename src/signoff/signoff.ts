import { ITEMS } from '../registry/registry.js';
import { isBlocking, PHASES, type ChecklistItem } from '../registry/types.js';
import type { ItemResult, ItemStatus } from './results.js';
import { redact } from '../secrets/redact.js';
import type { NotApplicableKind } from '../registry/errors.js';
import { waiverStates, type WaiversFile, type WaiverState } from '../deployment/waivers.js';
import type { CheckedParts } from './checked-parts.js';
import type { Approval } from './approvals.js';
import { deploymentMetrics, successCriteria, type Criterion, type DeploymentMetrics } from './metrics.js';
import type { FollowUp, HealthSample, PlannedWindow, RollbackDecision } from '../harness/record.js';

export type { CheckedParts };
export type Verdict = 'READY' | 'NOT READY';
/** What the sign-off shows: the real status, or `waived` for a non-passed item a valid waiver covers. */
export type ShownStatus = ItemStatus | 'waived';

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
  /** The item's real status: a waiver never changes it. */
  status: ItemStatus;
  shown: ShownStatus;
  message?: string;
  /** Skipped items: the kind of "not applicable", and whether the registry allows the item to be skipped for it. */
  notApplicable?: { kind: NotApplicableKind | 'unknown'; allowed: boolean };
  /** The valid waiver that covers this non-passed item. */
  waiver?: { justification: string; approvedBy: string; expires: string };
  durationMs?: number;
  /** The item's page in the Allure report, relative to the sign-off. */
  link?: string;
}

type Brief = { id: string; status: ItemStatus; message?: string };

export interface Signoff {
  verdict: Verdict;
  /** Why the verdict is what it is, one line each. */
  reasons: string[];
  generatedAt: string;
  run: { mode: string; startedAt: string; durationMs: number; fault?: string; selected: number };
  /** What was checked; absent when the run did not get as far as a target. */
  checked?: CheckedParts;
  counts: Record<ShownStatus, number>;
  /** Blocking items that did not pass and are not validly waived: why the verdict is NOT READY. */
  blockers: Brief[];
  /** Non-blocking items that failed or broke: follow-ups, not stoppers. */
  warnings: Brief[];
  waivers: { file: string | null; notice?: string; states: WaiverState[] };
  approvals: Approval[];
  metrics: DeploymentMetrics;
  criteria: Criterion[];
  rollback?: RollbackDecision;
  followUp?: FollowUp;
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
  waivers?: { file: string | null; content: WaiversFile | null };
  approvals: Approval[];
  record?: { health: HealthSample[]; planned: PlannedWindow[]; rollback?: RollbackDecision; followUp?: FollowUp };
  now?: Date;
}

function itemOf(item: ChecklistItem, input: SignoffInput, waivers: Map<string, WaiverState>): SignoffItem {
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
  let decided: Pick<SignoffItem, 'status' | 'message' | 'notApplicable' | 'durationMs' | 'link'>;
  if (result) {
    const notApplicable =
      result.status === 'skipped'
        ? { kind: result.notApplicable ?? ('unknown' as const), allowed: Boolean(result.notApplicable && item.mayNotApply?.includes(result.notApplicable)) }
        : undefined;
    decided = {
      status: result.status,
      message: result.message && redact(result.message),
      notApplicable,
      durationMs: result.durationMs,
      link: result.uuid ? `allure-report/index.html#${result.uuid}` : undefined,
    };
  } else if (!input.selected.has(item.id)) decided = { status: 'skipped', message: 'not selected in this run' };
  else decided = { status: 'broken', message: input.missingReason(item.id) };
  const w = waivers.get(item.id);
  const waivable =
    decided.status === 'failed' ||
    decided.status === 'broken' ||
    (decided.status === 'skipped' && !decided.notApplicable?.allowed && input.selected.has(item.id));
  const waiver = w?.valid && waivable ? { justification: w.justification, approvedBy: w.approvedBy, expires: w.expires } : undefined;
  return { ...base, ...decided, shown: waiver ? 'waived' : decided.status, waiver };
}

/**
 * Registry + results + waivers + approvals -> sign-off. READY only when every blocking item passed,
 * does not apply for a reason the registry allows, or is covered by a valid waiver, and every
 * approval of SO-1 and SO-2 is given.
 */
export function buildSignoff(input: SignoffInput): Signoff {
  const now = input.now ?? new Date();
  const states = input.waivers?.content
    ? waiverStates(
        input.waivers.content,
        ITEMS.map((i) => i.id),
        now,
      )
    : [];
  const byItem = new Map(states.map((w) => [w.item, w]));
  const items = ITEMS.map((item) => itemOf(item, input, byItem));
  const counts: Record<ShownStatus, number> = { passed: 0, failed: 0, broken: 0, skipped: 0, waived: 0 };
  for (const i of items) counts[i.shown]++;
  const brief = (i: SignoffItem): Brief => ({ id: i.id, status: i.status, message: i.message });
  const blockers = items.filter((i) => i.blocking && i.status !== 'passed' && !i.notApplicable?.allowed && !i.waiver).map(brief);
  const warnings = items.filter((i) => !i.blocking && (i.status === 'failed' || i.status === 'broken') && !i.waiver).map(brief);
  const missingApprovals = input.approvals.filter((a) => !a.approved);
  const notSelected = blockers.filter((b) => !input.selected.has(b.id)).map((b) => b.id);
  const reasons = [
    ...(notSelected.length ? [`${notSelected.length} blockers not selected in this run (not decided): ${notSelected.join(', ')}`] : []),
    ...blockers.filter((b) => input.selected.has(b.id)).map((b) => `blocker ${b.id} ${b.status}: ${(b.message ?? '').split('\n')[0]}`),
    ...missingApprovals.map((a) => `approval missing: ${a.role} (${a.item}): ${a.problem ?? ''}`),
    ...items
      .filter((i) => i.waiver && i.blocking)
      .map((i) => `blocker ${i.id} ${i.status} but waived until ${i.waiver!.expires} (${i.waiver!.approvedBy}): ${i.waiver!.justification}`),
    ...states
      .filter((w) => !w.valid)
      .map((w) => `waiver of ${w.item} does not count: ${w.problem === 'expired' ? `expired on ${w.expires}` : 'no such item in the checklist'}`),
  ];
  const verdict: Verdict = blockers.length === 0 && missingApprovals.length === 0 ? 'READY' : 'NOT READY';
  if (verdict === 'READY') reasons.unshift('every blocker passed, does not apply for an allowed reason, or is validly waived; every approval is given');
  const record = input.record ?? { health: [], planned: [] };
  const critical = items
    .filter((i) => i.severity === 'critical' && (i.status === 'failed' || i.status === 'broken') && !i.waiver)
    .map((i) => `${i.id} ${i.status}`);
  const metrics = deploymentMetrics({
    startedAt: input.run.startedAt,
    durationMs: input.run.durationMs,
    health: record.health,
    planned: record.planned,
    rollback: record.rollback,
    issues: items
      .filter((i) => (i.status === 'failed' || i.status === 'broken') && !i.waiver)
      .map((i) => `${i.id} ${i.status}: ${(i.message ?? '').split('\n')[0]}`),
  });
  return {
    verdict,
    reasons,
    generatedAt: now.toISOString(),
    run: { ...input.run, selected: input.selected.size },
    checked: input.checked,
    counts,
    blockers,
    warnings,
    waivers: { file: input.waivers?.file ?? null, notice: input.waivers?.content?.notice, states },
    approvals: input.approvals,
    metrics,
    criteria: successCriteria(metrics, blockers.length, critical),
    rollback: record.rollback,
    followUp: record.followUp,
    items,
  };
}

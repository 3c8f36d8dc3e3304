import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { scanDeclarations } from '../../../src/harness/declarations.js';
import { ITEMS } from '../../../src/registry/registry.js';
import { isBlocking } from '../../../src/registry/types.js';
import { applyDecidedStatuses, readItemResults, type ItemResult } from '../../../src/signoff/results.js';
import { runChild } from '../../../src/run/children.js';
import { loadWaivers, waiverStates } from '../../../src/deployment/waivers.js';

export interface PreRun {
  /** The implemented pre-deployment items decided here: by this run already, or by the run started for them. */
  ran: string[];
  /** Those whose result this run had already (not run a second time). */
  reused: string[];
  results: ItemResult[];
  /** Pre-deployment items without a test yet: their own items report them broken. */
  notImplemented: string[];
  /** Implemented pre-deployment items neither this run nor the validation run decided. */
  notInThisRun: string[];
  exitCode: number | null;
  durationMs: number;
}

/**
 * The pre-deployment results for the "final verification" at T-24h: those of this run when it has
 * them, and a run of the validation items (the sections `validation` matches) against this same
 * target (the target file this run was given), into a results directory of its own.
 */
export async function runPreDeployment(timeoutMs: number, validation: RegExp): Promise<PreRun> {
  const declared = scanDeclarations(resolve('tests')).filter((d) => d.id.startsWith('PRE-'));
  const implemented = declared.filter((d) => d.implemented && d.runner === 'vitest').map((d) => d.id);
  // The results this run already has are used; the validation items (config, docs) are run when it has none.
  const thisRun = process.env.CHECKLIST_RESULTS_DIR ? readItemResults(process.env.CHECKLIST_RESULTS_DIR) : new Map<string, ItemResult>();
  const reused = implemented.filter((id) => thisRun.has(id));
  const ids = implemented.filter((id) => !reused.includes(id) && validation.test(ITEMS.find((i) => i.id === id)?.section ?? ''));
  const all = [...reused, ...ids];
  const files = [...new Set(declared.filter((d) => ids.includes(d.id)).map((d) => d.file))];
  const dir = mkdtempSync(join(tmpdir(), 'checklist-pre-'));
  const started = performance.now();
  try {
    const pattern = `\\[(${ids.map((id) => id.replace(/\./g, '\\.')).join('|')})\\] `;
    const env = { ...process.env, CHECKLIST_RESULTS_DIR: dir };
    const child = ids.length
      ? await runChild(resolve('node_modules/.bin/vitest'), ['run', '--project', 'checklist', '-t', pattern, ...files], env, AbortSignal.timeout(timeoutMs))
      : { exitCode: 0 };
    applyDecidedStatuses(dir);
    const results = [...reused.map((id) => thisRun.get(id)!), ...[...readItemResults(dir).values()].filter((r) => ids.includes(r.id))];
    return {
      ran: all,
      reused,
      results,
      notImplemented: declared.filter((d) => !d.implemented).map((d) => d.id),
      notInThisRun: implemented.filter((id) => !all.includes(id)),
      exitCode: child.exitCode,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The items the target's waivers file validly waives today (an expired waiver, or one of an unknown item, counts for nothing). */
export function waivedItems(waiversFile: string | null): Set<string> {
  if (!waiversFile) return new Set();
  const states = waiverStates(
    loadWaivers(waiversFile),
    ITEMS.map((i) => i.id),
  );
  return new Set(states.filter((w) => w.valid).map((w) => w.item));
}

/**
 * The results that keep the deployment from going ahead, as the verdict counts them: blockers failed,
 * broken, or skipped for a kind they may not be skipped for, unless validly waived.
 */
export function blockingResults(results: ItemResult[], waived: ReadonlySet<string> = new Set()): ItemResult[] {
  return results.filter((r) => {
    const item = ITEMS.find((i) => i.id === r.id);
    if (!item || !isBlocking(item) || waived.has(r.id)) return false;
    if (r.status === 'skipped') return !(r.notApplicable && item.mayNotApply?.includes(r.notApplicable));
    return r.status !== 'passed';
  });
}

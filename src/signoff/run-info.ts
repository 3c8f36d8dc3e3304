import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadWaivers, type WaiversFile } from '../deployment/waivers.js';
import type { CheckedParts } from './checked-parts.js';
import { approvals, type Approval } from './approvals.js';

/** A file of people's decisions the run used: as the target names it, and the copy the run keeps in its record. */
export interface DecisionFile {
  file: string | null;
  /** The copy in the run directory (its name there), so that the report directory alone rebuilds the sign-off. */
  copy: string | null;
}

/** What a run records about itself (`<reports>/run/run.json`): the sign-off is rebuilt from it and the results. */
export interface RunInfo {
  mode: string;
  startedAt: string;
  durationMs: number;
  fault?: string;
  /** Ids the run selected. */
  selected: string[];
  /** Why a selected item has no result, per id (a runner crashed, no test declared). */
  missing: Record<string, string>;
  checked?: CheckedParts;
  attestations: DecisionFile & { maxAgeDays: number };
  waivers: DecisionFile;
}

/** Copies a decision file into the run directory (it may live in a temporary copy of the target). */
export function keepCopy(runDir: string, file: string | null, name: string): DecisionFile {
  if (!file) return { file, copy: null };
  // Kept at the start of the run; the target's own copy may be gone by its end (a fault's temporary tree).
  if (!existsSync(file)) return { file, copy: existsSync(join(runDir, name)) ? name : null };
  copyFileSync(file, join(runDir, name));
  return { file, copy: name };
}

const pathOf = (runDir: string, d: DecisionFile): string | null => (d.copy ? join(runDir, d.copy) : d.file && existsSync(d.file) ? d.file : null);

/** The waivers and approvals as the run recorded them, decided as of `now`. */
export function recordedDecisions(
  runDir: string,
  run: RunInfo,
  now: Date,
): { waivers: { file: string | null; content: WaiversFile | null }; approvals: Approval[] } {
  const waivers = pathOf(runDir, run.waivers);
  return {
    waivers: { file: run.waivers.file, content: waivers ? loadWaivers(waivers) : null },
    approvals: approvals({ file: pathOf(runDir, run.attestations), maxAgeDays: run.attestations.maxAgeDays }, now),
  };
}

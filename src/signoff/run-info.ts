import type { CheckedParts } from './checked-parts.js';

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
  attestations: { file: string | null; maxAgeDays: number };
  waivers: { file: string | null };
}

import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a run records beside the Allure results, in `<reports>/run/`, so that the sign-off can be
 * rebuilt from a report directory alone: the run itself, the health poller's samples, the baseline,
 * the drill's planned windows, RB-0's decision and SO-5's follow-up. Test workers find the directory
 * through CHECKLIST_RUN_DIR.
 */
export const RUN_DIR_ENV = 'CHECKLIST_RUN_DIR';
export const RUN_FILES = {
  run: 'run.json',
  health: 'health.jsonl',
  planned: 'planned.jsonl',
  baseline: 'baseline.json',
  rollback: 'rollback.json',
  followUp: 'followup.json',
} as const;

/** One probe of the health poller. */
export interface HealthSample {
  /** Epoch ms. */
  t: number;
  ok: boolean;
  ms: number;
  detail?: string;
}

/** A window in which a part was stopped on purpose (the rollback drill): its outages are planned. */
export interface PlannedWindow {
  from: number;
  to: number;
  what: string;
}

/** What the run measured before the items ran: RB-0 compares against it. */
export interface Baseline {
  at: string;
  metricsP95Ms: number;
  samples: number;
  /** null: the error-ratio query had no traffic to divide by. */
  errorRatio: number | null;
}

export interface Trigger {
  name: string;
  breached: boolean;
  detail: string;
}

/** RB-0: the seed's rollback triggers, from live data. */
export interface RollbackDecision {
  at: string;
  recommended: boolean;
  reasons: string[];
  triggers: Trigger[];
}

/** SO-5: follow-up computed from the run. */
export interface FollowUp {
  unusedMetrics: string[];
  alertNoise: { firingDuringRun: string[]; firedInRetention: { alert: string; samples: number }[] };
  alertsWithoutRunbook: string[];
  alertsWithoutTest: string[];
  lessonsLearned: string;
}

export function runDir(reportsDir: string): string {
  return join(reportsDir, 'run');
}

export function writeRecord(dir: string, file: keyof typeof RUN_FILES, value: unknown): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, RUN_FILES[file]), JSON.stringify(value, null, 2) + '\n');
}

export function readRecord<T>(dir: string, file: keyof typeof RUN_FILES): T | undefined {
  const path = join(dir, RUN_FILES[file]);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}

export function appendLine(dir: string, file: 'health' | 'planned', value: HealthSample | PlannedWindow): void {
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, RUN_FILES[file]), JSON.stringify(value) + '\n');
}

export function readLines<T>(dir: string, file: 'health' | 'planned'): T[] {
  const path = join(dir, RUN_FILES[file]);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** The run directory of this worker (CHECKLIST_RUN_DIR), or undefined when the runner set none. */
export function workerRunDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[RUN_DIR_ENV] || undefined;
}

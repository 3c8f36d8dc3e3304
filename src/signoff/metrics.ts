import type { HealthSample, PlannedWindow, RollbackDecision } from '../harness/record.js';

/** An interval in which the application's health check did not pass. */
export interface Outage {
  from: number;
  to: number;
  planned: boolean;
  detail?: string;
}

/** SO-3: the seed's deployment metrics, measured. */
export interface DeploymentMetrics {
  date: string;
  timeUtc: string;
  durationMinutes: number;
  /** From the health poller that ran through the whole run. */
  downtime: { minutes: number; unplannedMinutes: number; outages: Outage[]; samples: number; failedSamples: number; pollerRan: boolean };
  /** RB-0's decision; null when RB-0 did not run. */
  rollbackRequired: boolean | null;
  issues: string[];
}

/**
 * Outages from the health poller's samples: a run of failed samples is one outage, from its first
 * failed sample to the next passing one (or the last sample). An outage inside a planned window
 * (the rollback drill restarting the application) is planned.
 */
export function outages(samples: readonly HealthSample[], planned: readonly PlannedWindow[]): Outage[] {
  const sorted = [...samples].sort((a, b) => a.t - b.t);
  const found: Outage[] = [];
  let open: { from: number; detail?: string } | undefined;
  for (const s of sorted) {
    if (!s.ok && !open) open = { from: s.t, detail: s.detail };
    if (s.ok && open) {
      found.push({ from: open.from, to: s.t, planned: false, detail: open.detail });
      open = undefined;
    }
  }
  const last = sorted.at(-1);
  if (open && last) found.push({ from: open.from, to: last.t, planned: false, detail: open.detail });
  return found.map((o) => ({ ...o, planned: planned.some((w) => o.from >= w.from && o.to <= w.to) }));
}

const minutes = (ms: number) => Math.round((ms / 60_000) * 100) / 100;

export function deploymentMetrics(input: {
  startedAt: string;
  durationMs: number;
  health: readonly HealthSample[];
  planned: readonly PlannedWindow[];
  rollback?: RollbackDecision;
  issues: string[];
}): DeploymentMetrics {
  const list = outages(input.health, input.planned);
  const total = list.reduce((sum, o) => sum + (o.to - o.from), 0);
  const unplanned = list.filter((o) => !o.planned).reduce((sum, o) => sum + (o.to - o.from), 0);
  return {
    date: input.startedAt.slice(0, 10),
    timeUtc: input.startedAt.slice(11, 16),
    durationMinutes: minutes(input.durationMs),
    downtime: {
      minutes: minutes(total),
      unplannedMinutes: minutes(unplanned),
      outages: list,
      samples: input.health.length,
      failedSamples: input.health.filter((s) => !s.ok).length,
      pollerRan: input.health.length > 0,
    },
    rollbackRequired: input.rollback ? input.rollback.recommended : null,
    issues: input.issues,
  };
}

/** SO-4: the seed's success criteria, each met or not, with what decided it. */
export interface Criterion {
  criterion: string;
  met: boolean | null;
  detail: string;
}

export function successCriteria(m: DeploymentMetrics, blockersNotPassed: number, criticalIssues: string[]): Criterion[] {
  const unplanned = m.downtime.outages.filter((o) => !o.planned);
  return [
    { criterion: 'Deployment completed in < 2 hours', met: m.durationMinutes < 120, detail: `${m.durationMinutes} min` },
    {
      criterion: 'Zero unplanned downtime',
      met: m.downtime.pollerRan ? unplanned.length === 0 : null,
      detail: m.downtime.pollerRan
        ? `${unplanned.length} unplanned outages (${m.downtime.unplannedMinutes} min) in ${m.downtime.samples} health probes`
        : 'no health poller ran',
    },
    {
      criterion: 'All verification checks passed',
      met: blockersNotPassed === 0,
      detail: blockersNotPassed === 0 ? 'every blocker passed, applies not, or is validly waived' : `${blockersNotPassed} blockers not passed`,
    },
    {
      criterion: 'No rollback required',
      met: m.rollbackRequired === null ? null : !m.rollbackRequired,
      detail: m.rollbackRequired === null ? 'RB-0 did not run' : m.rollbackRequired ? 'RB-0 recommends a rollback' : 'RB-0: no trigger breached',
    },
    {
      criterion: 'No critical issues',
      met: criticalIssues.length === 0,
      detail: criticalIssues.length ? criticalIssues.slice(0, 5).join('; ') : 'no critical item failed or broke',
    },
    { criterion: 'Team satisfied with outcome', met: null, detail: 'a person decides this (retrospective); not measured' },
  ];
}

import { z } from 'zod';

export const SEVERITIES = ['critical', 'high', 'moderate', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a dependency scanner said: counts per severity, or its own reason for not deciding. */
export type AuditReading =
  | { kind: 'counts'; scanner: string; counts: Record<Severity, number>; /** `package (severity)` of each high/critical finding. */ serious: string[] }
  | { kind: 'error'; scanner: string; reason: string }
  | { kind: 'unknown' };

const npmReport = z.object({
  auditReportVersion: z.number().optional(),
  vulnerabilities: z.record(z.string(), z.object({ name: z.string().optional(), severity: z.string() })).default({}),
  metadata: z.object({ vulnerabilities: z.record(z.string(), z.number()) }),
});
const npmError = z.object({
  message: z.string().optional(),
  statusCode: z.number().optional(),
  error: z.object({ code: z.string().nullable().optional(), summary: z.string().optional(), detail: z.string().optional() }),
});
const trivyReport = z.object({
  Results: z
    .array(
      z.object({
        Target: z.string().optional(),
        Vulnerabilities: z
          .array(z.object({ PkgName: z.string(), Severity: z.string() }))
          .nullable()
          .optional(),
      }),
    )
    .default([]),
});

const zero = (): Record<Severity, number> => ({ critical: 0, high: 0, moderate: 0, low: 0, info: 0 });
const normal = (severity: string): Severity => {
  const s = severity.toLowerCase();
  return s === 'medium'
    ? 'moderate'
    : s === 'unknown' || s === 'negligible'
      ? 'info'
      : (SEVERITIES as readonly string[]).includes(s)
        ? (s as Severity)
        : 'info';
};

function firstJson(stdout: string): unknown {
  const start = stdout.indexOf('{');
  if (start < 0) return undefined;
  try {
    return JSON.parse(stdout.slice(start));
  } catch {
    return undefined;
  }
}

/** Reads the JSON of `npm audit --json` (report or error) or `trivy fs --format json`. */
export function readAudit(stdout: string): AuditReading {
  const json = firstJson(stdout);
  const report = npmReport.safeParse(json);
  if (report.success) {
    const counts = zero();
    for (const [k, n] of Object.entries(report.data.metadata.vulnerabilities)) if (k !== 'total') counts[normal(k)] += n;
    const serious = Object.entries(report.data.vulnerabilities)
      .filter(([, v]) => ['critical', 'high'].includes(normal(v.severity)))
      .map(([name, v]) => `${v.name ?? name} (${normal(v.severity)})`);
    return { kind: 'counts', scanner: 'npm audit', counts, serious };
  }
  const error = npmError.safeParse(json);
  if (error.success) {
    const e = error.data;
    const parts = [e.message, e.error.code, e.error.summary, e.error.detail].filter((p): p is string => Boolean(p && p.trim()));
    return { kind: 'error', scanner: 'npm audit', reason: parts.join(': ') || `status ${e.statusCode ?? 'unknown'}` };
  }
  const trivy = trivyReport.safeParse(json);
  if (trivy.success && json && typeof json === 'object' && 'Results' in json) {
    const counts = zero();
    const serious: string[] = [];
    for (const r of trivy.data.Results)
      for (const v of r.Vulnerabilities ?? []) {
        const s = normal(v.Severity);
        counts[s] += 1;
        if (s === 'critical' || s === 'high') serious.push(`${v.PkgName} (${s})`);
      }
    return { kind: 'counts', scanner: 'trivy', counts, serious };
  }
  return { kind: 'unknown' };
}

import type { Finding } from '../../registry/errors.js';
import type { Exposition } from '../../probes/exposition.js';
import type { ActiveTarget, PrometheusClient } from '../../probes/prometheus.js';
import { pollUntil } from '../../probes/poll.js';
import { escapeRegExp } from '../../registry/regexp.js';

/**
 * Shared Prometheus checks: plain functions returning findings (or none) and the data they saw, so
 * that items compose them. They decide from what the target exposes, never from fixture names.
 */

/** Families every client library or Prometheus itself adds: not the application's own series. */
const GENERIC = /^(process_|nodejs_|go_|python_|jvm_|promhttp_|scrape_|up$)/;
/** A family a client library or Prometheus adds for every process (nodejs_version_info, go_info, ...). */
export const isRuntimeFamily = (name: string): boolean => GENERIC.test(name);
/** How many of the application's series names a discovery query asks for (keeps the URL short). */
const MAX_NAMES = 40;

/** The names of the application's own series on its metrics endpoint (runtime families left out). */
export function appSeriesNames(exposition: Exposition): string[] {
  return [...new Set(exposition.samples.map((s) => s.name))].filter((n) => !isRuntimeFamily(n)).sort();
}

const namesRegex = (names: string[]) => names.slice(0, MAX_NAMES).map(escapeRegExp).join('|');

export interface AppJob {
  /** The job to use: the configured one when its targets carry the application's series, else the discovered one. */
  job: string;
  configured: string;
  /** How many of the application's series each job carries in Prometheus. */
  seriesByJob: Record<string, number>;
  /** Every scrape job Prometheus has targets for. */
  jobsFound: string[];
  /** The application's series names looked for. */
  lookedFor: string[];
  note?: string;
  finding?: Finding;
}

/**
 * The job that scrapes the application: the configured APP_JOB when its series carry the
 * application's own metric names (read from the application's /metrics), otherwise the job whose
 * targets do. When no job carries them (dropped by relabelling, another endpoint scraped), a
 * finding that says what was looked for and lists the jobs found.
 */
export async function resolveAppJob(prometheus: PrometheusClient, exposition: Exposition, configured: string, metricsUrl: string): Promise<AppJob> {
  const names = appSeriesNames(exposition);
  const [counts, targets] = await Promise.all([
    names.length ? prometheus.query(`count by (job) ({__name__=~"${namesRegex(names)}"})`) : Promise.resolve([]),
    prometheus.targets(),
  ]);
  const seriesByJob = Object.fromEntries(counts.map((s) => [s.metric.job ?? '', Number(s.value[1])]));
  const jobsFound = [...new Set(targets.map((t) => t.labels.job ?? t.scrapePool))].sort();
  const base = { configured, seriesByJob, jobsFound, lookedFor: names.slice(0, MAX_NAMES) };
  if (names.length === 0) {
    return {
      ...base,
      job: configured,
      finding: {
        expected: `the application's own metrics on ${metricsUrl}`,
        found: `only runtime families (${exposition.samples.length} samples)`,
        where: metricsUrl,
        hint: "register the application's metrics with its Prometheus client",
      },
    };
  }
  if (seriesByJob[configured]) return { ...base, job: configured };
  const discovered = Object.entries(seriesByJob).sort((a, b) => b[1] - a[1])[0]?.[0];
  if (discovered)
    return { ...base, job: discovered, note: `APP_JOB=${configured} carries none of the application's series; job "${discovered}" does, and is used` };
  const configuredTargets = targets.filter((t) => (t.labels.job ?? t.scrapePool) === configured);
  return {
    ...base,
    job: configured,
    finding: {
      expected: `the application's own series in Prometheus (looked for ${names.length} names exposed on ${metricsUrl}, e.g. ${names.slice(0, 3).join(', ')})`,
      found: `none in any job; jobs found: ${jobsFound.join(', ') || 'none'}; APP_JOB=${configured} ${configuredTargets.length ? `has ${configuredTargets.length} target(s), ${configuredTargets.map((t) => t.health).join(', ')}` : 'has no target'}`,
      where: `${prometheus.url}/api/v1/query`,
      hint: "check the job's metric_relabel_configs (a drop rule that matches the application's names) and that it scrapes the application's metrics path",
    },
  };
}

export interface JobsUp {
  targets: ActiveTarget[];
  findings: Finding[];
}

/**
 * Every configured scrape job has at least one active target and every target is UP. Targets whose
 * first scrape after a (re)load is pending are given `settleMs` to be scraped.
 */
export async function jobsUp(prometheus: PrometheusClient, jobs: string[], settleMs = 20_000): Promise<JobsUp> {
  const polled = await pollUntil(
    () => prometheus.targets(),
    (list) => list.every((t) => t.health !== 'unknown'),
    { timeoutMs: settleMs, intervalMs: 250 },
  );
  const targets = polled.value;
  const where = `${prometheus.url}/api/v1/targets`;
  const findings: Finding[] = [];
  const empty = jobs.filter((job) => !targets.some((t) => t.scrapePool === job));
  if (empty.length) {
    findings.push({
      expected: `every configured scrape job to have at least one target (${jobs.join(', ')})`,
      found: `no active target in job(s) ${empty.join(', ')}`,
      where,
      hint: "check the job's static_configs / service discovery and its relabel_configs (a keep/drop that removes every target)",
    });
  }
  const notUp = targets.filter((t) => t.health !== 'up');
  if (notUp.length) {
    findings.push({
      expected: `all ${targets.length} targets UP`,
      found: notUp.map((t) => `job ${t.scrapePool} ${t.scrapeUrl} is ${t.health}${t.lastError ? ` (${t.lastError})` : ''}`).join('; '),
      where,
      hint: 'check that each target is running and reachable from Prometheus at its scrape URL',
    });
  }
  return { targets, findings };
}

/** Age in seconds of the newest sample of each series the selector matches. */
export async function newestSampleAges(prometheus: PrometheusClient, selector: string): Promise<{ labels: Record<string, string>; ageS: number }[]> {
  const rows = await prometheus.query(`time() - timestamp(${selector})`);
  return rows.map((r) => ({ labels: r.metric, ageS: Number(r.value[1]) }));
}

/** The selector's series are present and their newest sample is younger than `maxAgeS`. */
export async function seriesFresh(
  prometheus: PrometheusClient,
  selector: string,
  maxAgeS: number,
): Promise<{ ages: { labels: Record<string, string>; ageS: number }[]; finding?: Finding }> {
  const ages = await newestSampleAges(prometheus, selector);
  const where = `${prometheus.url}/api/v1/query`;
  if (!ages.length) return { ages, finding: { expected: `series ${selector} in Prometheus`, found: 'no such series', where } };
  const stale = ages.filter((a) => !(a.ageS < maxAgeS));
  return {
    ages,
    finding: stale.length
      ? {
          expected: `the newest sample of ${selector} younger than ${maxAgeS} s`,
          found: stale.map((a) => `${JSON.stringify(a.labels)} ${a.ageS.toFixed(1)} s old`).join('; '),
          where,
          hint: 'the target is no longer scraped or no longer exposes the series',
        }
      : undefined,
  };
}

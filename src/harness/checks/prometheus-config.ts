import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Finding } from '../../registry/errors.js';

/**
 * The served configuration (/api/v1/status/config, defaults filled in) against the tree's
 * prometheus.yml (only what is written): both reduced to what decides what is scraped and where
 * alerts go, with Prometheus' defaults applied to the tree.
 */
interface JobView {
  scheme: string;
  metricsPath: string;
  interval: number;
  timeout: number;
  targets: string[];
  relabel: string[];
  metricRelabel: string[];
}

interface ConfigView {
  scrapeInterval: number;
  evaluationInterval: number;
  ruleFiles: string[];
  alertmanagers: string[];
  jobs: Map<string, JobView>;
}

type Yaml = Record<string, unknown>;
const obj = (v: unknown): Yaml => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Yaml) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown, fallback: string): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : fallback);

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/** A Prometheus duration (`1h30m`, `15s`, `500ms`) in milliseconds; NaN when it is not one. */
export function durationMs(text: string): number {
  const parts = [...text.matchAll(/(\d+)(ms|[smhdwy])/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text.trim()) return Number.NaN;
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
}

const formatMs = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1_000 === 0 ? `${ms / 1_000}s` : `${ms}ms`);

function relabelView(v: unknown): string[] {
  return list(v).map((r) => {
    const o = obj(r);
    const target = str(o.target_label, '');
    return [str(o.action, 'replace').toLowerCase(), list(o.source_labels).join(','), str(o.regex, '(.*)'), ...(target ? [`-> ${target}`] : [])].join(' ');
  });
}

function staticTargets(job: Yaml): string[] {
  return list(job.static_configs)
    .flatMap((s) => list(obj(s).targets).map((t) => str(t, '')))
    .sort();
}

function viewOf(doc: Yaml): ConfigView {
  const global = obj(doc.global);
  const scrapeInterval = durationMs(str(global.scrape_interval, '1m'));
  const scrapeTimeout = global.scrape_timeout === undefined ? Math.min(10_000, scrapeInterval) : durationMs(str(global.scrape_timeout, ''));
  const jobs = new Map<string, JobView>();
  for (const raw of list(doc.scrape_configs)) {
    const job = obj(raw);
    const interval = job.scrape_interval === undefined ? scrapeInterval : durationMs(str(job.scrape_interval, ''));
    jobs.set(str(job.job_name, '?'), {
      scheme: str(job.scheme, 'http'),
      metricsPath: str(job.metrics_path, '/metrics'),
      interval,
      timeout: job.scrape_timeout === undefined ? Math.min(scrapeTimeout, interval) : durationMs(str(job.scrape_timeout, '')),
      targets: staticTargets(job),
      relabel: relabelView(job.relabel_configs),
      metricRelabel: relabelView(job.metric_relabel_configs),
    });
  }
  return {
    scrapeInterval,
    evaluationInterval: durationMs(str(global.evaluation_interval, '1m')),
    ruleFiles: list(doc.rule_files).map((f) => str(f, '').replace(/^\.\//, '')),
    alertmanagers: list(obj(doc.alerting).alertmanagers)
      .flatMap((a) => staticTargets(obj(a)))
      .sort(),
    jobs,
  };
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function differences(tree: ConfigView, served: ConfigView): string[] {
  const out: string[] = [];
  const diff = (what: string, t: string, s: string) => t !== s && out.push(`${what}: ${t || '(none)'} in the tree, ${s || '(none)'} served`);
  diff('global scrape_interval', formatMs(tree.scrapeInterval), formatMs(served.scrapeInterval));
  diff('global evaluation_interval', formatMs(tree.evaluationInterval), formatMs(served.evaluationInterval));
  // Served rule files are resolved against the config file's directory: compare by their tail.
  const unservedRules = tree.ruleFiles.filter((t) => !served.ruleFiles.some((s) => s === t || s.endsWith(`/${t}`)));
  if (unservedRules.length || tree.ruleFiles.length !== served.ruleFiles.length) diff('rule_files', tree.ruleFiles.join(', '), served.ruleFiles.join(', '));
  diff('alertmanagers', tree.alertmanagers.join(', '), served.alertmanagers.join(', '));
  for (const name of new Set([...tree.jobs.keys(), ...served.jobs.keys()])) {
    const t = tree.jobs.get(name);
    const s = served.jobs.get(name);
    if (!t || !s) {
      out.push(`job ${name}: ${t ? 'in the tree but not served' : 'served but not in the tree'}`);
      continue;
    }
    diff(`job ${name} scheme`, t.scheme, s.scheme);
    diff(`job ${name} metrics_path`, t.metricsPath, s.metricsPath);
    diff(`job ${name} scrape_interval`, formatMs(t.interval), formatMs(s.interval));
    diff(`job ${name} scrape_timeout`, formatMs(t.timeout), formatMs(s.timeout));
    if (!same(t.targets, s.targets)) diff(`job ${name} targets`, t.targets.join(', '), s.targets.join(', '));
    if (!same(t.relabel, s.relabel)) diff(`job ${name} relabel_configs`, t.relabel.join('; '), s.relabel.join('; '));
    if (!same(t.metricRelabel, s.metricRelabel)) diff(`job ${name} metric_relabel_configs`, t.metricRelabel.join('; '), s.metricRelabel.join('; '));
  }
  return out;
}

/** The job names of a Prometheus configuration (YAML text). */
export function configuredJobs(yamlText: string): string[] {
  return [...viewOf(obj(parse(yamlText))).jobs.keys()];
}

/**
 * Does Prometheus run the configuration of the tree under test? Compares scrape jobs (targets,
 * path, scheme, intervals, relabelling), rule files, alertmanagers and global intervals.
 */
export function servedConfigFinding(
  servedYaml: string,
  monitoringDir: string,
  servedWhere: string,
): { finding?: Finding; differences: string[]; treeFile: string } {
  const treeFile = join(monitoringDir, 'prometheus.yml');
  if (!existsSync(treeFile)) {
    return {
      treeFile,
      differences: [],
      finding: {
        expected: `the tree under test to hold prometheus.yml, to compare with what Prometheus serves`,
        found: 'no such file',
        where: treeFile,
        hint: "set MONITORING_DIR to the deployment's monitoring tree",
      },
    };
  }
  const found = differences(viewOf(obj(parse(readFileSync(treeFile, 'utf8')))), viewOf(obj(parse(servedYaml))));
  return {
    treeFile,
    differences: found,
    finding: found.length
      ? {
          expected: `the configuration Prometheus serves to match ${treeFile}`,
          found: `${found.length} difference(s): ${found.join('; ')}`,
          where: `${servedWhere} against ${treeFile}`,
          hint: 'deploy the tree and reload Prometheus (POST /-/reload or SIGHUP), or bring the tree in line with what runs',
        }
      : undefined,
  };
}

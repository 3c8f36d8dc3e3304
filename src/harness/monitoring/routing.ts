import { existsSync } from 'node:fs';
import { runTool } from '../../tools/tools.js';
import type { Finding } from '../../registry/errors.js';
import { readYaml } from './tree.js';

/** One routing case: an alert's labels, and the receivers (in order) and/or Slack channel it must reach. */
export interface RoutingCase {
  labels: Record<string, string>;
  receivers?: string[];
  channel?: string;
  /** Where the case comes from: the cases file, or the seed's default. */
  source: string;
}

/** The seed's cases (critical to #mcp-critical, warning to #mcp-alerts), used when the cases file states no channel for that severity. */
export const SEED_CHANNEL_CASES: readonly RoutingCase[] = [
  { labels: { alertname: 'RoutingTestCritical', severity: 'critical' }, channel: '#mcp-critical', source: 'the checklist seed' },
  { labels: { alertname: 'RoutingTestWarning', severity: 'warning' }, channel: '#mcp-alerts', source: 'the checklist seed' },
];

/** Reads the cases file (`cases: [{labels: {...}, receivers: [...], channel: '#...'}]`); `error` says what is wrong with it. */
export function loadRoutingCases(file: string): { cases: RoutingCase[]; error?: string } {
  if (!existsSync(file)) return { cases: [], error: 'does not exist' };
  const { data, error } = readYaml(file);
  if (error) return { cases: [], error };
  const list = (data as { cases?: unknown } | null)?.cases;
  if (!Array.isArray(list)) return { cases: [], error: 'has no `cases:` list' };
  const cases: RoutingCase[] = [];
  for (const [i, raw] of list.entries()) {
    const c = raw as { labels?: Record<string, unknown>; receivers?: unknown; channel?: unknown };
    if (!c.labels || typeof c.labels !== 'object') return { cases, error: `case ${i + 1} has no labels` };
    cases.push({
      labels: Object.fromEntries(Object.entries(c.labels).map(([k, v]) => [k, String(v)])),
      receivers: Array.isArray(c.receivers) ? c.receivers.map(String) : undefined,
      channel: typeof c.channel === 'string' ? c.channel : undefined,
      source: `${file}, case ${i + 1}`,
    });
  }
  return { cases };
}

/** The file's cases, plus each seed case whose severity the file gives no channel for. */
export function withSeedCases(cases: readonly RoutingCase[]): RoutingCase[] {
  const covered = new Set(cases.filter((c) => c.channel).map((c) => c.labels.severity));
  return [...cases, ...SEED_CHANNEL_CASES.filter((s) => !covered.has(s.labels.severity))];
}

/** Slack channels per receiver, from the Alertmanager configuration. */
export function channelsByReceiver(configFile: string): Map<string, string[]> {
  const receivers = (readYaml(configFile).data as { receivers?: { name?: string; slack_configs?: { channel?: string }[] }[] } | null)?.receivers ?? [];
  return new Map(receivers.map((r) => [String(r.name), (r.slack_configs ?? []).map((s) => s.channel).filter((c): c is string => typeof c === 'string')]));
}

export interface RoutedCase extends RoutingCase {
  got: string[];
  command: string;
}

/** `amtool config routes test` for each case, in the deployed Alertmanager image, three at a time. */
export async function routeCases(cases: readonly RoutingCase[], options: { dir: string; configInContainer: string; image: string }): Promise<RoutedCase[]> {
  const out: RoutedCase[] = [];
  for (let i = 0; i < cases.length; i += 3) {
    out.push(
      ...(await Promise.all(
        cases.slice(i, i + 3).map(async (c) => {
          const labels = Object.entries(c.labels).map(([k, v]) => `${k}=${v}`);
          const run = await runTool('amtool', ['config', 'routes', 'test', `--config.file=${options.configInContainer}`, ...labels], {
            dir: options.dir,
            image: options.image,
          });
          const line =
            run.stdout
              .split('\n')
              .map((l) => l.trim())
              .find((l) => l && !/^warning/i.test(l)) ?? '';
          return {
            ...c,
            got: run.exitCode === 0 && line ? line.split(',') : [],
            command: `${run.command} -> exit ${run.exitCode}: ${line || run.stderr.trim()}`,
          };
        }),
      )),
    );
  }
  return out;
}

/** What is wrong with where each case went. */
export function routingFindings(routed: readonly RoutedCase[], channels: Map<string, string[]>, where: string): Finding[] {
  return routed.flatMap((r) => {
    const alert = Object.entries(r.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const reached = r.got.flatMap((name) => channels.get(name) ?? []);
    const findings: Finding[] = [];
    if (r.receivers && r.receivers.join(',') !== r.got.join(',')) {
      findings.push({
        expected: `an alert {${alert}} routed to ${r.receivers.join(', ')} (${r.source})`,
        found: r.got.length ? `routed to ${r.got.join(', ')}` : `no answer (${r.command})`,
        where,
        hint: 'fix the route matchers (or the case, if the routing changed on purpose); `amtool config routes test` shows the path',
      });
    }
    if (r.channel && !reached.includes(r.channel)) {
      findings.push({
        expected: `an alert {${alert}} to reach Slack channel ${r.channel} (${r.source})`,
        found: `routed to ${r.got.join(', ') || 'nothing'}, which post to ${reached.join(', ') || 'no Slack channel'}`,
        where,
        hint: `route it to a receiver whose slack_configs name channel ${r.channel}`,
      });
    }
    return findings;
  });
}

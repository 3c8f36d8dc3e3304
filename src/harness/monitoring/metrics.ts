import type { PrometheusClient } from '../../probes/prometheus.js';
import { parsePromQL } from '../../probes/promql.js';
import { closest } from '../../deployment/near.js';
import { ItemBroken, type Finding } from '../../registry/errors.js';
import { listOf } from './tree.js';

/** A PromQL expression of the tree: a rule's or a panel's, with where it is written. */
export interface QueryRef {
  where: string;
  expr: string;
}

/** Series Prometheus writes itself, or only while an alert is active: never a target's metric. */
const SYNTHETIC = new Set(['ALERTS', 'ALERTS_FOR_STATE']);
/** Sample names a declared family produces (a histogram's _bucket, a counter's _total, ...). */
const SUFFIXES: Record<string, string[]> = {
  counter: ['_total', '_created'],
  histogram: ['_bucket', '_sum', '_count', '_created'],
  gaugehistogram: ['_bucket', '_gsum', '_gcount'],
  summary: ['_sum', '_count', '_created'],
};

/**
 * The metric names the target offers: every name Prometheus stores, plus the sample names of every
 * family a target declares (a labelled counter that has not counted yet has no series, but is exposed).
 */
export async function offeredMetrics(prometheus: PrometheusClient): Promise<Set<string>> {
  const [names, metadata] = await Promise.all([prometheus.metricNames(), prometheus.metadata()]);
  const offered = new Set(names);
  for (const [family, entries] of Object.entries(metadata)) {
    // Text-format counters are declared with their _total already; OpenMetrics families without it.
    const base = family.replace(/_total$/, '');
    offered.add(family);
    for (const { type } of entries) for (const suffix of SUFFIXES[type] ?? []) offered.add((type === 'counter' ? base : family) + suffix);
  }
  return offered;
}

/** Expressions that do not parse with Prometheus' grammar, one finding each. */
export function syntaxFindings(queries: readonly QueryRef[], fix: string): Finding[] {
  return queries.flatMap((q) => {
    const { errors } = parsePromQL(q.expr);
    return errors.length
      ? [
          {
            expected: "a PromQL expression that parses with Prometheus' grammar",
            found: `a syntax error at ${errors[0]} in \`${q.expr.trim()}\``,
            where: q.where,
            hint: fix,
          },
        ]
      : [];
  });
}

/**
 * Metric names that neither the target exposes nor a recording rule produces (names inside absent()
 * are expected to be missing and are not counted). One finding per expression.
 */
export function unresolvedFindings(queries: readonly QueryRef[], offered: ReadonlySet<string>, recorded: ReadonlySet<string>): Finding[] {
  const known = [...offered, ...recorded];
  return queries.flatMap((q) => {
    const { metrics, errors } = parsePromQL(q.expr);
    if (errors.length) return [];
    const missing = metrics.filter((m) => !offered.has(m) && !recorded.has(m) && !SYNTHETIC.has(m));
    if (!missing.length) return [];
    const prefix = (m: string) => m.split('_')[0] ?? m;
    const alike = [...new Set(missing.flatMap((m) => known.filter((k) => k.startsWith(`${prefix(m)}_`))))].sort();
    const near = missing.map((m) => closest(m, known, 3)).filter(Boolean);
    return [
      {
        expected: `every metric of \`${q.expr.trim()}\` exposed by a target or produced by a recording rule`,
        found: `${missing.join(', ')} nowhere among the ${offered.size} metrics Prometheus has and the ${recorded.size} recording rules${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; metrics with the same prefix: ${listOf(alike)}`,
        where: q.where,
        hint: 'rename the metric to one the application exposes, add the recording rule that produces it, or add the scrape job of the exporter that exposes it',
      },
    ];
  });
}

/**
 * The metric-name findings, or none when Prometheus did not answer but the tree alone already
 * failed the item (a tree Prometheus would refuse is decided without a stack). Without findings
 * from the tree, a Prometheus that does not answer leaves the item undecided (ItemBroken).
 */
export async function metricFindings(
  prometheus: PrometheusClient,
  queries: readonly QueryRef[],
  recorded: ReadonlySet<string>,
  treeFindings: readonly (Finding | undefined | false | null | '')[],
): Promise<(Finding | undefined | false | null | '')[]> {
  try {
    return [...treeFindings, ...unresolvedFindings(queries, await offeredMetrics(prometheus), recorded)];
  } catch (error) {
    if (error instanceof ItemBroken && treeFindings.some(Boolean)) return [...treeFindings];
    throw error;
  }
}

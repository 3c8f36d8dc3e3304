import { parser } from '@prometheus-io/lezer-promql';

/**
 * Grafana's built-in interval variables, replaced by a plain duration before parsing: they are not
 * PromQL, and a query that uses them is still a valid query once Grafana fills them in.
 */
const GRAFANA_DURATIONS = /\$(__rate_interval|__interval|__range|__auto)\b|\$\{(__rate_interval|__interval|__range|__auto)\}/g;

export interface ParsedQuery {
  /** Metric names the query selects (`Identifier` of every vector selector). */
  metrics: string[];
  /** Where the parser gave up, as `position N near "..."`; empty for a valid query. */
  errors: string[];
}

/** Parses a PromQL expression with Prometheus' own grammar (the one its UI uses). */
export function parsePromQL(expr: string): ParsedQuery {
  const source = expr.replace(GRAFANA_DURATIONS, '5m');
  const tree = parser.parse(source);
  const metrics = new Set<string>();
  const errors: string[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) errors.push(`position ${cursor.from} near "${source.slice(Math.max(0, cursor.from - 10), cursor.from + 10)}"`);
    if (cursor.name === 'Identifier' && cursor.node.parent?.name === 'VectorSelector') metrics.add(source.slice(cursor.from, cursor.to));
  } while (cursor.next());
  return { metrics: [...metrics], errors };
}

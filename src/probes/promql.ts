import { parser } from '@prometheus-io/lezer-promql';

/**
 * Grafana's built-in interval variables, replaced by a plain duration before parsing: they are not
 * PromQL, and a query that uses them is still a valid query once Grafana fills them in.
 */
const GRAFANA_DURATIONS = /\$(__rate_interval|__interval|__range|__auto)\b|\$\{(__rate_interval|__interval|__range|__auto)\}/g;
/** A dashboard variable in any of Grafana's syntaxes: `$var`, `${var}`, `${var:format}`, `[[var]]`. */
const GRAFANA_VARIABLE = String.raw`(?:\$\{[^}]+\}|\$[A-Za-z_][A-Za-z0-9_]*|\[\[[^\]]+\]\])`;
/** A variable where PromQL wants a duration: `[$interval]`, `[5m:$step]`, `offset $shift`. */
const VARIABLE_AS_DURATION = new RegExp(String.raw`(\[\s*|\[[^\]\[]*:\s*|\boffset\s+)${GRAFANA_VARIABLE}`, 'g');
const VARIABLE_ANYWHERE = new RegExp(GRAFANA_VARIABLE, 'g');
/** Grafana variables elsewhere become identifiers with this prefix: they parse, and are no metric. */
const VARIABLE_PREFIX = 'grafana_var_';
/** Functions whose argument is expected to be missing: a metric named only there need not exist. */
const ABSENCE_FUNCTIONS = new Set(['absent', 'absent_over_time']);

export interface ParsedQuery {
  /** Metric names the query selects (`Identifier` of every vector selector), except those named only inside absent(). */
  metrics: string[];
  /** Metric names selected only inside absent()/absent_over_time(): their absence is what the query tests. */
  absentMetrics: string[];
  /** Where the parser gave up, as `position N near "..."`; empty for a valid query. */
  errors: string[];
}

/** Fills in Grafana's variables (durations where a duration goes, identifiers elsewhere), so that the query parses as PromQL. */
export function expandGrafanaVariables(expr: string): string {
  return expr
    .replace(GRAFANA_DURATIONS, '5m')
    .replace(VARIABLE_AS_DURATION, '$15m')
    .replace(VARIABLE_ANYWHERE, (v) => VARIABLE_PREFIX + v.replace(/[^A-Za-z0-9_]/g, '_'));
}

/** Parses a PromQL expression (with Grafana's variables filled in) with Prometheus' own grammar (the one its UI uses). */
export function parsePromQL(expr: string): ParsedQuery {
  const source = expandGrafanaVariables(expr);
  const tree = parser.parse(source);
  const metrics = new Set<string>();
  const absent = new Set<string>();
  const errors: string[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) errors.push(`position ${cursor.from} near "${source.slice(Math.max(0, cursor.from - 10), cursor.from + 10)}"`);
    if (cursor.name === 'Identifier' && cursor.node.parent?.name === 'VectorSelector') {
      const name = source.slice(cursor.from, cursor.to);
      if (name.startsWith(VARIABLE_PREFIX)) continue;
      let inAbsent = false;
      for (let n: typeof cursor.node | null = cursor.node.parent; n; n = n.parent) {
        if (n.name === 'FunctionCall' && ABSENCE_FUNCTIONS.has(source.slice(n.from, n.to).split('(')[0]!.trim())) inAbsent = true;
      }
      (inAbsent ? absent : metrics).add(name);
    }
  } while (cursor.next());
  return { metrics: [...metrics], absentMetrics: [...absent].filter((m) => !metrics.has(m)), errors };
}

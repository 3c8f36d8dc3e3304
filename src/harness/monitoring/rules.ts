import { escapeRegExp } from '../../registry/regexp.js';
import { relative } from 'node:path';
import { readYaml, resolveGlobs, yamlFilesOf, type ResolvedPattern } from './tree.js';

export interface RuleRef {
  file: string;
  group: string;
  /** `alert` or `record` name. */
  name: string;
  kind: 'alerting' | 'recording';
  expr: string;
}

export const PROMETHEUS_MOUNT = '/etc/prometheus';

/** The rule files prometheus.yml names (`rule_files`, resolved as Prometheus does). */
export function ruleFilesOf(configFile: string, treeDir: string): { patterns: ResolvedPattern[]; error?: string } {
  const { data, error } = readYaml(configFile);
  if (error) return { patterns: [], error: `${configFile} is not valid YAML: ${error}` };
  const list = (data as { rule_files?: unknown } | null)?.rule_files;
  const patterns = Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
  return { patterns: resolveGlobs(patterns, configFile, { treeDir, mountAt: PROMETHEUS_MOUNT }) };
}

interface RawGroup {
  name?: unknown;
  rules?: { alert?: unknown; record?: unknown; expr?: unknown }[];
}

/** The rules of one rule file; `error` when it is not a rule file at all (promtool reports the details). */
export function rulesOf(file: string): { rules: RuleRef[]; error?: string } {
  const { data, error } = readYaml(file);
  if (error) return { rules: [], error };
  const groups = (data as { groups?: RawGroup[] } | null)?.groups;
  if (!Array.isArray(groups)) return { rules: [], error: 'no `groups:` list' };
  const rules = groups.flatMap((g) =>
    (Array.isArray(g.rules) ? g.rules : []).map((r): RuleRef => ({
      file,
      group: String(g.name ?? '?'),
      name: String(r.alert ?? r.record ?? '?'),
      kind: r.record === undefined ? 'alerting' : 'recording',
      expr: String(r.expr ?? ''),
    })),
  );
  return { rules };
}

export interface RuleTestFile {
  file: string;
  /** Alert names an `alert_rule_test` checks. */
  alerts: string[];
  /** The expressions `promql_expr_test` evaluates (recording rules are tested through them). */
  exprs: string[];
}

/** Unit-test files of `promtool test rules` anywhere in the tree, found by their content (`rule_files` and `tests`). */
export function ruleTestFiles(treeDir: string): RuleTestFile[] {
  return yamlFilesOf(treeDir).flatMap((file) => {
    const data = readYaml(file).data as { rule_files?: unknown; tests?: unknown } | null;
    if (!data || !Array.isArray(data.rule_files) || !Array.isArray(data.tests)) return [];
    const tests = data.tests as { alert_rule_test?: { alertname?: string }[]; promql_expr_test?: { expr?: string }[] }[];
    return [
      {
        file,
        alerts: tests.flatMap((t) => (t.alert_rule_test ?? []).map((a) => String(a.alertname))),
        exprs: tests.flatMap((t) => (t.promql_expr_test ?? []).map((p) => String(p.expr))),
      },
    ];
  });
}

/** Rules no unit test exercises: alerts never named by an alert_rule_test, recordings never used by a promql_expr_test. */
export function untestedRules(rules: readonly RuleRef[], tests: readonly RuleTestFile[], treeDir: string): string[] {
  const alerts = new Set(tests.flatMap((t) => t.alerts));
  const exprs = tests.flatMap((t) => t.exprs).join('\n');
  return rules
    .filter((r) => (r.kind === 'alerting' ? !alerts.has(r.name) : !new RegExp(`\\b${escapeRegExp(r.name)}\\b`).test(exprs)))
    .map((r) => `${r.kind === 'alerting' ? 'alert' : 'record'} ${r.name} (${relative(treeDir, r.file)})`);
}

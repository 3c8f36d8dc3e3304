import type { Finding } from '../../registry/errors.js';
import type { PrometheusAlert, RuleGroup } from '../../probes/prometheus.js';
import type { AlertmanagerAlert } from '../../probes/alertmanager.js';

/**
 * The label the suite's own test alerts carry (SMOKE-3.2 posts one): they are the suite's, not the
 * deployment's, and never count as "firing unexpectedly".
 */
export const CHECKLIST_ALERT_LABEL = 'checklist';

const few = (list: string[], n = 6): string => `${list.slice(0, n).join('; ')}${list.length > n ? `; and ${list.length - n} more` : ''}`;
const allowedOrOurs = (labels: Record<string, string>, allowed: readonly string[]): boolean =>
  CHECKLIST_ALERT_LABEL in labels || allowed.includes(labels.alertname ?? '');

/** Rule groups loaded, no rule in error, every alerting rule inactive (`unknown` before its first evaluation counts as not firing). */
export function ruleFindings(groups: RuleGroup[], allowed: readonly string[], where: string): Finding[] {
  const rules = groups.flatMap((g) => g.rules.map((r) => ({ ...r, group: g.name, file: g.file })));
  const inError = rules.filter((r) => r.health === 'err' || Boolean(r.lastError));
  const active = rules.filter((r) => r.type === 'alerting' && (r.state === 'pending' || r.state === 'firing') && !allowed.includes(r.name));
  return [
    groups.length === 0 && {
      expected: 'alert rule groups loaded',
      found: 'no rule groups',
      where,
      hint: 'check rule_files in prometheus.yml and that the files are mounted',
    },
    rules.length > 0 &&
      !rules.some((r) => r.type === 'alerting') && { expected: 'alerting rules loaded', found: `${rules.length} recording rules only`, where },
    inError.length > 0 && {
      expected: 'no rule in error',
      found: few(inError.map((r) => `${r.name} (group ${r.group}, ${r.file}): ${r.lastError ?? r.health}`)),
      where,
      hint: 'fix the rule expression; promtool test rules shows how it evaluates',
    },
    active.length > 0 && {
      expected: `every alerting rule inactive at start (allowed to fire: ${allowed.join(', ') || 'none; ALERTS_ALLOWED'})`,
      found: few(active.map((r) => `${r.name} is ${r.state} (group ${r.group}, ${r.file}; expr ${r.query.replace(/\s+/g, ' ').slice(0, 120)})`)),
      where,
      hint: 'a rule that fires on a healthy deployment is wrong (threshold, missing "for:", wrong job label) or must be listed in ALERTS_ALLOWED',
    },
  ].filter((f): f is Finding => Boolean(f));
}

/** Alerts Prometheus holds and Alertmanager has, except allowed ones and the suite's own. */
export function unexpectedAlerts(
  prometheus: PrometheusAlert[],
  alertmanager: AlertmanagerAlert[],
  allowed: readonly string[],
  where: { prometheus: string; alertmanager: string },
): Finding[] {
  const inPrometheus = prometheus.filter((a) => !allowedOrOurs(a.labels, allowed));
  const inAlertmanager = alertmanager.filter((a) => a.status.state === 'active' && !allowedOrOurs(a.labels, allowed));
  return [
    inPrometheus.length > 0 && {
      expected: 'no alert pending or firing in Prometheus',
      found: few(inPrometheus.map((a) => `${a.labels.alertname} ${a.state} since ${a.activeAt}`)),
      where: where.prometheus,
    },
    inAlertmanager.length > 0 && {
      expected: 'nothing firing in Alertmanager except allowed alerts (ALERTS_ALLOWED)',
      found: few(inAlertmanager.map((a) => `${a.labels.alertname ?? '(no alertname)'} since ${a.startsAt} to ${a.receivers.map((r) => r.name).join(', ')}`)),
      where: where.alertmanager,
      hint: 'resolve the cause, or silence it with a reason if it is known and accepted',
    },
  ].filter((f): f is Finding => Boolean(f));
}

// Post-deployment verification 4. Alerting (IMPORTANT): rule groups loaded and healthy, every
// alerting rule inactive at start (ALERTS_ALLOWED excepted), Prometheus connected to Alertmanager,
// nothing firing in Alertmanager except allowed alerts.
import { item } from '../../src/harness/vitest.js';
import { checkAll, type Finding } from '../../src/registry/errors.js';
import { ruleFindings, unexpectedAlerts } from '../../src/harness/checks/alerting.js';

item('VER-4', async ({ target, prometheus, alertmanager, evidence }) => {
  const allowed = target.verify.alertsAllowed;
  const [groups, promAlerts, managers, amAlerts] = await Promise.all([
    prometheus.rules(),
    prometheus.alerts(),
    prometheus.alertmanagers(),
    alertmanager.alerts(),
  ]);
  await evidence.json('alerting', {
    allowed,
    groups: groups.map((g) => ({
      name: g.name,
      file: g.file,
      lastEvaluation: g.lastEvaluation,
      rules: g.rules.map((r) => ({ name: r.name, type: r.type, health: r.health, state: r.state, lastError: r.lastError })),
    })),
    prometheusAlerts: promAlerts,
    alertmanagers: managers,
    alertmanagerAlerts: amAlerts.map((a) => ({ labels: a.labels, state: a.status.state, startsAt: a.startsAt, receivers: a.receivers })),
  });
  const findings: (Finding | false)[] = [
    ...ruleFindings(groups, allowed, `${prometheus.url}/api/v1/rules`),
    managers.activeAlertmanagers.length === 0 && {
      expected: 'Prometheus connected to at least one Alertmanager',
      found: `none active${managers.droppedAlertmanagers.length ? ` (dropped: ${managers.droppedAlertmanagers.map((m) => m.url).join(', ')})` : ''}`,
      where: `${prometheus.url}/api/v1/alertmanagers`,
      hint: 'configure alerting.alertmanagers in prometheus.yml with the Alertmanager address',
    },
    ...unexpectedAlerts(promAlerts, amAlerts, allowed, { prometheus: `${prometheus.url}/api/v1/alerts`, alertmanager: `${alertmanager.url}/api/v2/alerts` }),
  ];
  checkAll(findings);
});

import type { Target } from '../../../src/deployment/target.js';
import type { GrafanaClient } from '../../../src/probes/grafana.js';
import { ItemBroken, type Finding } from '../../../src/registry/errors.js';

/**
 * DEP-2.1's environment part: the target's variables are set (the loader refused the run otherwise;
 * this reports them) and the secrets are loaded: the Grafana password is present and Grafana accepts
 * it. Secrets are reported as present or absent, never shown.
 */
export async function environmentFindings(target: Target, grafana: GrafanaClient): Promise<{ report: Record<string, string>; findings: Finding[] }> {
  const report: Record<string, string> = {
    APP_URL: target.app.url,
    PROMETHEUS_URL: target.prometheus.url,
    ALERTMANAGER_URL: target.alertmanager.url,
    GRAFANA_URL: target.grafana.url,
    GRAFANA_USER: target.grafana.user,
    GRAFANA_PASSWORD: target.grafana.password ? 'present' : 'absent',
    RECEIVER_URL: target.receiver ? target.receiver.url : 'absent (optional)',
    APP_JOB: target.app.job,
  };
  const findings: Finding[] = [];
  if (!target.grafana.password)
    findings.push({
      expected: 'the secret GRAFANA_PASSWORD present',
      found: 'absent',
      where: "the target's environment",
      hint: 'set GRAFANA_PASSWORD in the env file',
    });
  // Loaded: the secret the deployment was given is the one it runs with.
  const res = await grafana.datasources().catch((e: unknown) => (e instanceof ItemBroken ? e : Promise.reject(e)));
  if (res instanceof ItemBroken) {
    findings.push({ expected: 'Grafana to accept GRAFANA_USER / GRAFANA_PASSWORD', found: res.message, where: `${target.grafana.url}/api/datasources` });
  } else {
    report['GRAFANA_PASSWORD accepted by Grafana'] = res.status === 200 ? 'yes' : `no (${res.status})`;
    if (res.status !== 200)
      findings.push({
        expected: 'Grafana to accept GRAFANA_USER / GRAFANA_PASSWORD (200)',
        found: `${res.status} ${res.body.slice(0, 120)}`,
        where: res.url,
        hint:
          res.status === 401
            ? 'the deployment runs with another admin password than the one configured: load the secret, or correct GRAFANA_PASSWORD'
            : "check the Grafana user's permissions",
      });
  }
  return { report, findings };
}

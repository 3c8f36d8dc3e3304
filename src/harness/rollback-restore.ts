import { join } from 'node:path';
import type { Target } from '../deployment/target.js';
import { jsonOf } from '../probes/http.js';
import type { GrafanaClient, SearchHit, Datasource } from '../probes/grafana.js';
import type { PrometheusClient } from '../probes/prometheus.js';
import { PrometheusClient as Prometheus } from '../probes/prometheus.js';
import { GrafanaClient as Grafana } from '../probes/grafana.js';
import type { Finding } from '../registry/errors.js';
import { ALERTMANAGER_PORT } from '../stack/alertmanager-container.js';
import { imageUid, startInPlaceOf } from '../stack/drill.js';
import { GRAFANA_PORT } from '../stack/grafana-container.js';
import { PROMETHEUS_PORT } from '../stack/prometheus-container.js';
import { STACK_ALIASES } from '../stack/reference-stack.js';
import { monitoringServices } from '../stack/services.js';
import { runScript, runScriptOk, type ScriptRun } from './backup-scripts.js';
import type { DrillState } from './rollback-drill.js';

const SCRIPT_TIMEOUT_MS = 90_000;

/**
 * Before the stop: what Prometheus and Grafana hold (a sample of the application's `up` series at a
 * fixed time, the dashboards and datasources), and the deployment's own backups of both.
 */
export async function recordAndBackUp(
  state: DrillState,
  target: Target,
  prometheus: PrometheusClient,
  grafana: GrafanaClient,
): Promise<{ runs: ScriptRun[]; problems: string[] }> {
  const expr = `timestamp(up{job="${target.app.job}"})`;
  const time = Math.floor(Date.now() / 1000);
  const [sample, hits, sources] = await Promise.all([prometheus.query(expr, time), grafana.search(), grafana.datasources()]);
  state.marker = sample[0] ? { expr, time, value: sample[0].value[1] } : undefined;
  state.before = {
    dashboards: jsonOf<SearchHit[]>(hits)
      .map((h) => h.uid)
      .sort(),
    datasources: jsonOf<Datasource[]>(sources)
      .map((d) => d.name)
      .sort(),
  };
  const dirs = { prometheus: join(state.workDir, 'prometheus'), grafana: join(state.workDir, 'grafana') };
  const runs = await Promise.all([
    runScript(
      target.repoDir,
      'backup_prometheus.sh',
      [],
      { PROMETHEUS_URL: target.prometheus.url, PROMETHEUS_CONTAINER: state.services.prometheus!.id, BACKUP_DIR: dirs.prometheus, RETENTION_DAYS: '0' },
      SCRIPT_TIMEOUT_MS,
    ),
    runScript(
      target.repoDir,
      'backup_grafana.sh',
      [],
      {
        GRAFANA_URL: target.grafana.url,
        GRAFANA_USER: target.grafana.user,
        GRAFANA_PASSWORD: target.grafana.password,
        BACKUP_DIR: dirs.grafana,
        RETENTION_DAYS: '0',
      },
      SCRIPT_TIMEOUT_MS,
    ),
  ]);
  const problems = runs.filter((r) => r.exitCode !== 0).map((r) => `${r.script} exited ${r.exitCode}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  if (!state.marker) problems.push(`Prometheus held no sample of ${expr} before the stop`);
  if (!problems.length) state.backups = dirs;
  return { runs, problems };
}

/**
 * Fresh Prometheus, Alertmanager and a bare Grafana (no provisioning) in the place of the stopped
 * ones, then the deployment's restore scripts. Returns the target with the new URLs.
 */
export async function restoreIntoFresh(state: DrillState, target: Target): Promise<{ target: Target; runs: ScriptRun[] }> {
  const s = state.services;
  const admin = { user: target.grafana.user, password: target.grafana.password };
  const [prom, am, graf] = await Promise.all([
    startInPlaceOf(monitoringServices.prometheus(state.images.prometheus, state.files), s.prometheus!, PROMETHEUS_PORT),
    startInPlaceOf(monitoringServices.alertmanager(state.images.alertmanager, state.files, STACK_ALIASES.receiver), s.alertmanager!, ALERTMANAGER_PORT),
    startInPlaceOf(monitoringServices.grafana(state.images.grafana, state.files, admin, false), s.grafana!, GRAFANA_PORT),
  ]);
  const uid = String(await imageUid(state.images.prometheus));
  const runs = await Promise.all([
    runScriptOk(
      target.repoDir,
      'restore_prometheus.sh',
      [state.backups!.prometheus],
      { PROMETHEUS_URL: prom.url, PROMETHEUS_CONTAINER: prom.id, PROMETHEUS_UID: uid, PROMETHEUS_GID: uid, READY_TIMEOUT: '60' },
      SCRIPT_TIMEOUT_MS,
    ),
    runScriptOk(
      target.repoDir,
      'restore_grafana.sh',
      [state.backups!.grafana],
      { GRAFANA_URL: graf.url, GRAFANA_USER: admin.user, GRAFANA_PASSWORD: admin.password },
      SCRIPT_TIMEOUT_MS,
    ),
  ]);
  return { target: { ...target, prometheus: { url: prom.url }, alertmanager: { url: am.url }, grafana: { ...target.grafana, url: graf.url } }, runs };
}

/** The data is back: the sample written before the stop, every dashboard and datasource Grafana had. */
export async function restoredData(state: DrillState, target: Target): Promise<{ findings: Finding[]; seen: unknown }> {
  const prometheus = new Prometheus(target.prometheus.url, target.httpTimeoutMs);
  const grafana = new Grafana(target.grafana.url, target.grafana.user, target.grafana.password, target.httpTimeoutMs);
  const marker = state.marker!;
  const [sample, hits, sources] = await Promise.all([prometheus.query(marker.expr, marker.time), grafana.search(), grafana.datasources()]);
  const dashboards = jsonOf<SearchHit[]>(hits).map((h) => h.uid);
  const datasources = jsonOf<Datasource[]>(sources).map((d) => d.name);
  const lostDashboards = state.before!.dashboards.filter((u) => !dashboards.includes(u));
  const lostSources = state.before!.datasources.filter((n) => !datasources.includes(n));
  const value = sample[0]?.value[1];
  const findings: Finding[] = [];
  if (value !== marker.value) {
    findings.push({
      expected: `${marker.expr} at ${new Date(marker.time * 1000).toISOString()} (written before the stop) = ${marker.value} in the restored Prometheus`,
      found: value === undefined ? 'no such sample: the series written before the stop is lost' : `${value}`,
      where: `${target.prometheus.url} restored by scripts/restore_prometheus.sh`,
      hint: 'the snapshot must be copied into the data directory of the new Prometheus (docs/backup.md)',
    });
  }
  if (lostDashboards.length)
    findings.push({
      expected: `the dashboards Grafana had before the stop (${state.before!.dashboards.join(', ')})`,
      found: `${lostDashboards.join(', ')} missing after the restore (${dashboards.length} dashboards)`,
      where: `${target.grafana.url}/api/search`,
      hint: 'scripts/backup_grafana.sh must export every dashboard and restore_grafana.sh import it',
    });
  if (lostSources.length)
    findings.push({
      expected: `the datasources Grafana had before the stop (${state.before!.datasources.join(', ')})`,
      found: `${lostSources.join(', ')} missing after the restore`,
      where: `${target.grafana.url}/api/datasources`,
    });
  return { findings, seen: { marker, value, dashboards, datasources } };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { GenericContainer } from 'testcontainers';
import type { Target } from '../deployment/target.js';
import type { Finding } from '../registry/errors.js';
import { GrafanaClient } from '../probes/grafana.js';
import { PrometheusClient } from '../probes/prometheus.js';
import { GrafanaContainer } from '../stack/grafana-container.js';
import { runLabels } from '../stack/labels.js';
import { PROMETHEUS_PATHS, PROMETHEUS_PORT } from '../stack/prometheus-container.js';
import { HttpReadyWaitStrategy } from '../stack/readiness.js';
import { registerSecret } from '../secrets/redact.js';
import { freePort } from './backups/port.js';
import { BACKUP_SCRIPTS, containerPublishing, imageUid, listFiles, runScript, type ScriptRun } from './backups/scripts.js';
import { grafanaBackupFindings, prometheusBackupFindings } from './backups/verify.js';

export { BACKUP_SCRIPTS, type ScriptRun } from './backups/scripts.js';

/** One script's run and what is wrong with its result. */
export interface StepResult {
  run: ScriptRun;
  dir: string;
  files: { path: string; bytes: number }[];
  findings: Finding[];
}

const exitFinding = (run: ScriptRun, what: string): Finding => ({
  expected: `${run.command.split(' ')[0]} to ${what} (exit 0)`,
  found: `exit ${run.exitCode} after ${run.elapsedMs} ms: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`,
  where: run.command,
  hint: 'run the script by hand with the same environment; its log (stderr) names the failing step',
});

/** A scratch directory for backups, removed by `dispose()`. */
export function backupWorkspace(): { root: string; dispose: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'checklist-backup-'));
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs the deployment's Prometheus backup script against the target and verifies what it wrote. */
export async function backupPrometheus(target: Target, root: string): Promise<StepResult> {
  const dir = join(root, 'prometheus', 'backup');
  const container = target.prometheusContainer ?? (await containerPublishing(target.prometheus.url));
  const run = await runScript(
    target.repoDir,
    BACKUP_SCRIPTS.backupPrometheus,
    [],
    { PROMETHEUS_URL: target.prometheus.url, PROMETHEUS_CONTAINER: container ?? '', BACKUP_DIR: dir, CURL_MAX_TIME: '60' },
    120_000,
  );
  return {
    run,
    dir,
    files: listFiles(dir),
    findings: run.exitCode ? [exitFinding(run, 'take a snapshot and copy it')] : prometheusBackupFindings(dir, BACKUP_SCRIPTS.backupPrometheus),
  };
}

/** Runs the deployment's Grafana backup script against the target and verifies every live dashboard is in it. */
export async function backupGrafana(target: Target, root: string, liveUids: readonly string[]): Promise<StepResult> {
  const dir = join(root, 'grafana', 'backup');
  const g = target.grafana;
  const run = await runScript(
    target.repoDir,
    BACKUP_SCRIPTS.backupGrafana,
    [],
    { GRAFANA_URL: g.url, GRAFANA_USER: g.user, GRAFANA_PASSWORD: g.password, BACKUP_DIR: dir, CURL_MAX_TIME: '30' },
    120_000,
  );
  return {
    run,
    dir,
    files: listFiles(dir),
    findings: run.exitCode ? [exitFinding(run, 'back up the dashboards and data sources')] : grafanaBackupFindings(dir, BACKUP_SCRIPTS.backupGrafana, liveUids),
  };
}

/** A started scratch service that a restore went into; `stop()` removes it. */
export interface Restored<C> {
  run: ScriptRun;
  client: C;
  url: string;
  findings: Finding[];
  stop: () => Promise<void>;
}

/** Starts an empty Prometheus of `image` (fixed host port: the restore script stops and starts it) and restores the backup into it with the deployment's script. */
export async function restorePrometheusFresh(target: Target, backupDir: string, image: string): Promise<Restored<PrometheusClient>> {
  const port = await freePort();
  const started = await new GenericContainer(image)
    .withExposedPorts({ container: PROMETHEUS_PORT, host: port })
    .withCopyContentToContainer([{ content: 'global:\n  scrape_interval: 1m\n', target: PROMETHEUS_PATHS.config, mode: 0o644 }])
    .withCommand([`--config.file=${PROMETHEUS_PATHS.config}`, `--storage.tsdb.path=${PROMETHEUS_PATHS.data}`])
    .withLabels(runLabels(`restore-${randomUUID().slice(0, 8)}`))
    .withWaitStrategy(new HttpReadyWaitStrategy('prometheus', '/-/ready', PROMETHEUS_PORT))
    .withStartupTimeout(60_000)
    .start();
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => void (await started.stop({ remove: true, timeout: 5_000 }));
  try {
    const uid = await imageUid(image);
    const run = await runScript(
      target.repoDir,
      BACKUP_SCRIPTS.restorePrometheus,
      [backupDir],
      { PROMETHEUS_URL: url, PROMETHEUS_CONTAINER: started.getId(), PROMETHEUS_UID: uid, PROMETHEUS_GID: uid, READY_TIMEOUT: '60' },
      150_000,
    );
    return {
      run,
      client: new PrometheusClient(url, target.httpTimeoutMs),
      url,
      stop,
      findings: run.exitCode ? [exitFinding(run, 'restore the snapshot into a fresh Prometheus')] : [],
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts an empty Grafana of `image` and restores the backup into it with the deployment's script. */
export async function restoreGrafanaFresh(target: Target, backupDir: string, image: string): Promise<Restored<GrafanaClient>> {
  const password = `restore-${randomUUID()}`;
  registerSecret(password);
  const started = await new GrafanaContainer(image)
    .withAdminPassword(password)
    .withLabels(runLabels(`restore-${randomUUID().slice(0, 8)}`))
    .start();
  const stop = async () => void (await started.stop({ remove: true, timeout: 5_000 }));
  try {
    const url = started.getUrl();
    const run = await runScript(
      target.repoDir,
      BACKUP_SCRIPTS.restoreGrafana,
      [backupDir],
      { GRAFANA_URL: url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: password },
      120_000,
    );
    return {
      run,
      client: new GrafanaClient(url, 'admin', password, target.httpTimeoutMs),
      url,
      stop,
      findings: run.exitCode ? [exitFinding(run, 'restore the dashboards and data sources into a fresh Grafana')] : [],
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

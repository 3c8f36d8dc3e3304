import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Finding } from '../../registry/errors.js';
import type { AlertmanagerClient, AlertmanagerStatus } from '../../probes/alertmanager.js';
import { exchange } from '../../probes/http.js';
import { parseExposition } from '../../probes/exposition.js';
import type { Target } from '../../deployment/target.js';
import { runTool, type ToolRun } from '../../tools/tools.js';
import { toolCheck } from '../monitoring/promtool.js';
import type { Evidence } from '../evidence.js';

/**
 * Shared Alertmanager checks: plain functions returning findings (or none) and what they saw.
 * Only API v2: /api/v1 was removed in Alertmanager 0.27.
 */

/** Where the tree keeps Alertmanager's configuration, and where amtool sees it in its image. */
export const AM_CONFIG = { treeDir: 'alertmanager', file: 'config.yml', mounted: '/etc/alertmanager/config.yml' } as const;

export const amConfigFile = (target: Target) => join(target.monitoringDir, AM_CONFIG.treeDir, AM_CONFIG.file);

/** `/api/v2/status`: answering, cluster ready (or disabled: a single instance), and what it runs. */
export async function statusFindings(am: AlertmanagerClient): Promise<{ status: AlertmanagerStatus; finding?: Finding }> {
  const status = await am.status();
  const cluster = status.cluster.status;
  return {
    status,
    finding:
      cluster === 'ready' || cluster === 'disabled'
        ? undefined
        : {
            expected: 'Alertmanager cluster status ready (or disabled for a single instance)',
            found: `"${cluster}" with ${status.cluster.peers?.length ?? 0} peer(s)`,
            where: `${am.url}/api/v2/status`,
            hint: 'check the --cluster.peer addresses; a settling cluster does not deduplicate notifications yet',
          },
  };
}

/** `amtool check-config` of the tree's configuration, run in the deployed Alertmanager image (transcript attached). */
export function amtoolCheck(target: Target, evidence: Evidence): Promise<{ run: ToolRun; finding?: Finding }> {
  return toolCheck('amtool', ['check-config', AM_CONFIG.mounted], {
    dir: join(target.monitoringDir, AM_CONFIG.treeDir),
    image: target.toolImages.alertmanager,
    evidence,
    title: 'amtool check-config',
    expected: 'amtool check-config to accept the Alertmanager configuration (exit 0)',
    where: amConfigFile(target),
    hint: 'fix what amtool names, then run the same command locally',
  });
}

/** The receivers the routing tree sends an alert with these labels to (`amtool config routes test`). */
export async function routedReceivers(target: Target, labels: Record<string, string>): Promise<{ run: ToolRun; receivers: string[] }> {
  const args = ['config', 'routes', 'test', `--config.file=${AM_CONFIG.mounted}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)];
  const run = await runTool('amtool', args, { dir: join(target.monitoringDir, AM_CONFIG.treeDir), image: target.toolImages.alertmanager });
  const receivers =
    run.exitCode === 0
      ? run.stdout
          .trim()
          .split(/\s*,\s*/)
          .filter(Boolean)
      : [];
  return { run, receivers };
}

type Yaml = Record<string, unknown>;
const obj = (v: unknown): Yaml => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Yaml) : {});

function summary(doc: Yaml): { receivers: string[]; root: string; routes: number } {
  const route = obj(doc.route);
  const count = (r: Yaml): number => (Array.isArray(r.routes) ? r.routes.reduce((n: number, c) => n + 1 + count(obj(c)), 0) : 0);
  return {
    receivers: (Array.isArray(doc.receivers) ? doc.receivers : []).map((r) => String(obj(r).name)).sort(),
    root: String(route.receiver ?? ''),
    routes: count(route),
  };
}

/** Alertmanager runs the tree's configuration: same receivers, root receiver and number of routes. */
export function servedConfigFinding(status: AlertmanagerStatus, treeFile: string, where: string): { differences: string[]; finding?: Finding } {
  if (!existsSync(treeFile))
    return {
      differences: [],
      finding: {
        expected: 'the tree under test to hold the Alertmanager configuration',
        found: 'no such file',
        where: treeFile,
        hint: "set MONITORING_DIR to the deployment's monitoring tree",
      },
    };
  const tree = summary(obj(parse(readFileSync(treeFile, 'utf8'))));
  const served = summary(obj(parse(status.config.original)));
  const differences = [
    tree.receivers.join(',') !== served.receivers.join(',') && `receivers: ${tree.receivers.join(', ')} in the tree, ${served.receivers.join(', ')} served`,
    tree.root !== served.root && `root receiver: ${tree.root} in the tree, ${served.root} served`,
    tree.routes !== served.routes && `routes: ${tree.routes} in the tree, ${served.routes} served`,
  ].filter((d): d is string => Boolean(d));
  return {
    differences,
    finding: differences.length
      ? {
          expected: `the configuration Alertmanager runs to match ${treeFile}`,
          found: differences.join('; '),
          where,
          hint: 'deploy the tree and reload Alertmanager (POST /-/reload or SIGHUP)',
        }
      : undefined,
  };
}

/** `alertmanager_config_last_reload_successful` from Alertmanager's own /metrics (no Prometheus needed). */
export async function lastReloadFinding(am: AlertmanagerClient, timeoutMs: number): Promise<{ value?: number; finding?: Finding }> {
  const res = await exchange(`${am.url}/metrics`, { timeoutMs });
  const sample = res.status === 200 ? parseExposition(res.body).samples.find((s) => s.name === 'alertmanager_config_last_reload_successful') : undefined;
  if (!sample)
    return {
      finding: {
        expected: "alertmanager_config_last_reload_successful on Alertmanager's /metrics",
        found: res.status === 200 ? 'no such metric' : `${res.status}`,
        where: res.url,
      },
    };
  return {
    value: sample.value,
    finding:
      sample.value === 1
        ? undefined
        : {
            expected: 'the last configuration reload successful (alertmanager_config_last_reload_successful 1)',
            found: `${sample.value}`,
            where: res.url,
            hint: 'read the reload error in the Alertmanager log, fix the configuration and reload',
          },
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Target } from '../deployment/target.js';
import { ItemBroken, NotApplicable, type Finding } from '../registry/errors.js';
import { AppClient } from '../probes/app.js';
import { exchange } from '../probes/http.js';
import { monitoringFiles, STACK_ALIASES } from '../stack/reference-stack.js';
import { findService, type RunService } from '../stack/drill.js';
import { stackImagesFromEnv, type StackImages } from '../stack/images.js';
import { appendLine, workerRunDir } from './record.js';
import type { MonitoringConfig } from '../stack/services.js';

/** The parts the drill stops (the seed: `docker-compose -f docker-compose.monitoring.yml down`). */
export const MONITORING = ['prometheus', 'alertmanager', 'grafana'] as const;
export type MonitoringService = (typeof MONITORING)[number];

/** What one drill item leaves for the next: the backups, what was there before the stop. */
export interface DrillState {
  workDir: string;
  runId: string;
  images: StackImages;
  files: MonitoringConfig;
  services: Partial<Record<MonitoringService | 'app', RunService>>;
  stopped: boolean;
  backups?: { prometheus: string; grafana: string };
  /** A sample Prometheus held before the stop: after the restore, the same query at the same time must return it. */
  marker?: { expr: string; time: number; value: string };
  before?: { dashboards: string[]; datasources: string[] };
  /** The MCP tools the application offered before the drill. */
  tools?: string[];
}

/**
 * The drill runs on the reference stack, whose containers the suite controls. An existing deployment
 * is not stopped unless the run allows it (--allow-disruptive); even then the suite has no handle on
 * its containers, so the drill cannot run there.
 */
export async function drillState(target: Target): Promise<DrillState> {
  if (!target.allowDisruptive)
    throw new NotApplicable('disruptive', 'disruptive (stops, restores and restarts parts of the deployment); allow with --allow-disruptive');
  if (!target.runId)
    throw new ItemBroken(
      'the rollback drill controls the containers of the reference stack; this target names none (an existing deployment): run the drill by hand with docs/runbook.md',
    );
  const runId = target.runId;
  const services: DrillState['services'] = {};
  for (const s of [...MONITORING, 'app'] as const) services[s] = await findService(runId, STACK_ALIASES[s]);
  return {
    workDir: mkdtempSync(join(tmpdir(), 'rollback-drill-')),
    runId,
    images: stackImagesFromEnv(process.env),
    files: monitoringFiles(target.monitoringDir),
    services,
    stopped: false,
  };
}

export function disposeDrill(state: DrillState | undefined): void {
  if (state) rmSync(state.workDir, { recursive: true, force: true });
}

/** Records a window in which the application is down on purpose (its restart): SO-3 counts it as planned downtime. */
export function plannedWindow(from: number, to: number, what: string): void {
  const dir = workerRunDir();
  if (dir) appendLine(dir, 'planned', { from, to, what });
}

/**
 * The application serves while `probe` runs for `windowMs`: every answer of /health is 200 and the
 * metrics endpoint answers. A part that stops answering is the finding (the target is wrong), not a
 * broken item.
 */
export async function keepsServing(app: AppClient, windowMs: number, timeoutMs: number): Promise<{ probes: number; findings: Finding[] }> {
  const end = performance.now() + windowMs;
  const findings: Finding[] = [];
  let probes = 0;
  while (performance.now() < end && !findings.length) {
    probes++;
    const [health, metrics] = await Promise.all([
      exchange(`${app.url}/health`, { timeoutMs }).catch((e: unknown) => e as Error),
      exchange(`${app.url}/metrics`, { timeoutMs }).catch((e: unknown) => e as Error),
    ]);
    for (const [name, res] of [
      ['/health', health],
      ['/metrics', metrics],
    ] as const) {
      if (res instanceof Error)
        findings.push({
          expected: `the application's ${name} to keep answering while monitoring is down`,
          found: `no answer: ${res.message.split('\n')[0]}`,
          where: `${app.url}${name}`,
          hint: 'the application must not depend on Prometheus, Alertmanager or Grafana at run time',
        });
      else if (res.status !== 200) findings.push({ expected: `${name} to answer 200 while monitoring is down`, found: `${res.status}`, where: res.url });
    }
  }
  return { probes, findings };
}

/**
 * An MCP round trip any MCP server answers (initialize, tools/list), compared with the tools the
 * application offered before the drill. A call that gets no answer is the finding, not a broken item.
 */
export async function mcpRoundTrip(app: AppClient, before: readonly string[] | undefined): Promise<{ tools: string[]; findings: Finding[] }> {
  let tools: string[];
  try {
    tools = (await app.listTools()).map((t) => t.name).sort();
  } catch (error) {
    const found = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return {
      tools: [],
      findings: [
        {
          expected: 'an MCP round trip (initialize, tools/list) to succeed',
          found,
          where: app.mcpUrl,
          hint: 'check the application log (docker logs) after the restart',
        },
      ],
    };
  }
  const lost = (before ?? []).filter((t) => !tools.includes(t));
  const findings: Finding[] = [];
  if (!tools.length) findings.push({ expected: 'the MCP server to offer its tools', found: 'tools/list returned none', where: app.mcpUrl });
  if (lost.length)
    findings.push({ expected: `the tools offered before the drill (${before!.join(', ')})`, found: `${lost.join(', ')} missing`, where: app.mcpUrl });
  return { tools, findings };
}

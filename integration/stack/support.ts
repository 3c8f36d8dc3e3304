/**
 * Shared by the stack tests: images (images/local.env, overridable by PROMETHEUS_IMAGE etc.), a monitoring tree
 * (the project's monitoring/ where a part of it exists, a minimal one of our own for the parts that do not yet),
 * and an independent look at what is left in the engine (the docker CLI, not the code under test).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'dotenv';
import { IMAGE_ENV_VARS, stackImagesFromEnv, type StackImages } from '../../src/stack/images.js';
import { testcontainersDefaults } from '../../src/run/run.js';

testcontainersDefaults();

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MONITORING_DIR = join(REPO_ROOT, 'monitoring');

/** The images of images/local.env; PROMETHEUS_IMAGE etc. set in the environment win. */
export function testImages(): StackImages {
  const env: Record<string, string | undefined> = parse(readFileSync(join(REPO_ROOT, 'images/local.env'), 'utf8'));
  for (const name of Object.values(IMAGE_ENV_VARS)) if (process.env[name]?.trim()) env[name] = process.env[name];
  return stackImagesFromEnv(env);
}

function docker(args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', timeout: 15_000 }).trim();
}

/** Throws naming every image that is not present locally (they cannot be pulled here). */
export function assertImagesPresent(images: Partial<StackImages>): void {
  const missing = Object.values(images)
    .filter((image): image is string => image !== undefined)
    .filter((image) => {
      try {
        docker(['image', 'inspect', '--format', '{{.Id}}', image]);
        return false;
      } catch {
        return true;
      }
    });
  if (missing.length > 0) throw new Error(`images missing locally: ${missing.join(', ')}; run scripts/build-images.sh`);
}

/** Containers (any state) and networks carrying io.checklist.run-id=<runId>, as the docker CLI sees them. */
export function leftovers(runId: string): { containers: string[]; networks: string[] } {
  const filter = `label=io.checklist.run-id=${runId}`;
  const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');
  return {
    containers: lines(docker(['ps', '-aq', '--filter', filter])),
    networks: lines(docker(['network', 'ls', '-q', '--filter', filter])),
  };
}

export function newRunId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

const MINIMAL = {
  'prometheus.yml': `global: { scrape_interval: 5s, scrape_timeout: 4s, evaluation_interval: 5s }
rule_files: [alerts/*.yml]
alerting: { alertmanagers: [{ static_configs: [{ targets: ['alertmanager:9093'] }] }] }
scrape_configs:
  - { job_name: mcp-memory-server, static_configs: [{ targets: ['mcp-memory-server:8080'] }] }
  - { job_name: prometheus, static_configs: [{ targets: ['localhost:9090'] }] }
  - { job_name: alertmanager, static_configs: [{ targets: ['alertmanager:9093'] }] }
`,
  'alerts/minimal.yml': `groups:
  - name: minimal
    rules:
      - alert: TargetDown
        expr: up == 0
        for: 1m
`,
  'alertmanager/config.yml': `route: { receiver: webhook }
receivers:
  - name: webhook
    webhook_configs: [{ url: 'http://alert-receiver:9095/webhook' }]
`,
  'grafana/datasources/prometheus.yaml': `apiVersion: 1
datasources:
  - { name: Prometheus, uid: prometheus, type: prometheus, access: proxy, url: 'http://prometheus:9090', isDefault: true }
`,
  'grafana/provisioning/dashboards.yaml': `apiVersion: 1
providers:
  - { name: checklist, type: file, options: { path: /var/lib/grafana/dashboards } }
`,
  'grafana/dashboards/minimal.json': `{ "uid": "minimal", "title": "Minimal", "panels": [] }\n`,
};

/** A part of the tree is taken from monitoring/ only when all of its paths exist there. */
const PARTS: Record<string, string[]> = {
  prometheus: ['prometheus.yml', 'alerts'],
  alertmanager: ['alertmanager/config.yml'],
  grafana: ['grafana/datasources', 'grafana/provisioning', 'grafana/dashboards'],
};

/** A monitoring tree in a temporary directory, and which parts came from the project's monitoring/. */
export function testMonitoringDir(): { dir: string; fromProject: string[]; minimal: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'checklist-monitoring-'));
  const fromProject: string[] = [];
  const minimal: string[] = [];
  for (const [part, paths] of Object.entries(PARTS)) {
    if (paths.every((p) => existsSync(join(MONITORING_DIR, p)))) {
      for (const p of paths) cpSync(join(MONITORING_DIR, p), join(dir, p), { recursive: true });
      fromProject.push(part);
    } else {
      for (const [file, text] of Object.entries(MINIMAL)) {
        if (!paths.some((p) => file === p || file.startsWith(`${p}/`) || (p === 'alerts' && file.startsWith('alerts/')))) continue;
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
      minimal.push(part);
    }
  }
  return { dir, fromProject, minimal };
}

import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRegistry, type LocalRegistry } from '../../src/tools/registry-server.js';
import { runCommand } from '../../src/tools/exec-file.js';
import { leftovers, runCli } from '../faults/harness.js';

/**
 * PRE-4 and PRE-5 in external mode, against a repository and host this suite has never seen: its
 * own layout (compose.yaml, compose.production.yaml, compose.monitoring.yaml at the root, a Dockerfile
 * FROM scratch), a data directory its production compose file bind-mounts, a registry that holds its
 * release, and a service playing the deployment. Everything comes from the .env file; nothing starts.
 */
const ITEMS = ['PRE-4.1', 'PRE-4.2', 'PRE-4.3', 'PRE-4.4', 'PRE-5.1', 'PRE-5.3', 'PRE-5.4'];
let dir: string;
let server: Server;
let registry: LocalRegistry;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'checklist-external-host-'));
  const repo = join(dir, 'repo');
  const data = join(dir, 'srv', 'web-data');
  mkdirSync(join(repo, 'conf'), { recursive: true });
  mkdirSync(data, { recursive: true });
  chmodSync(data, 0o755);
  const limits = 'deploy: { resources: { limits: { cpus: "0.5", memory: 64M } } }';
  writeFileSync(join(repo, 'hello.txt'), 'hello\n');
  writeFileSync(join(repo, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
  writeFileSync(join(repo, 'compose.yaml'), 'services:\n  web:\n    build: .\n    volumes: [./conf:/conf]\n');
  writeFileSync(
    join(repo, 'compose.production.yaml'),
    `services:\n  web:\n    image: web:1\n    user: "\${WEB_UID:-${userInfo().uid}}"\n    volumes: ["\${WEB_DATA:-${data}}:/data"]\n    ${limits}\n`,
  );
  writeFileSync(join(repo, 'compose.monitoring.yaml'), `services:\n  prometheus:\n    image: prom/prometheus:v3.5.0\n    ${limits}\n`);
  server = createServer((req, res) => res.end(req.url === '/health' ? 'ok' : 'web'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  registry = await startLocalRegistry();
  const release = `${registry.address}/web:1`;
  for (const args of [
    ['build', '--tag', release, repo],
    ['push', release],
    ['image', 'rm', release],
  ]) {
    const run = await runCommand('docker', args, { timeoutMs: 120_000 });
    if (run.exitCode !== 0) throw new Error(`docker ${args.join(' ')}: ${run.stderr}`);
  }
}, 180_000);

afterAll(async () => {
  await registry?.stop();
  await new Promise((r) => server?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('PRE-4 and PRE-5 against an existing deployment named in a .env file', () => {
  it('pass on a healthy host and repository, discovering data dirs, owner and compose files, and start nothing', async () => {
    const envFile = join(dir, '.env');
    writeFileSync(
      envFile,
      [
        ...['APP_URL', 'PROMETHEUS_URL', 'ALERTMANAGER_URL', 'GRAFANA_URL'].map((v) => `${v}=${url}`),
        'GRAFANA_PASSWORD=not-used-here',
        'REPO_DIR=./repo',
        `MONITORING_DIR=${resolve('monitoring')}`,
        'MIN_DISK_GB=1',
        'CHECK_HOSTNAMES=localhost',
        `LB_HEALTH_URL=${url}/health`,
        'IMAGE=web:1',
        `REGISTRY=${registry.address}`,
        '',
      ].join('\n'),
    );
    const run = await runCli(['--env-file', envFile, ...ITEMS.flatMap((id) => ['--item', id])], { timeoutMs: 180_000 });
    const signoff = run.signoff();
    const notPassed = signoff.items.filter((i) => ITEMS.includes(i.id) && i.status !== 'passed').map((i) => `${i.id} ${i.status}: ${i.message}`);
    expect(notPassed, run.stderr.slice(-3000)).toEqual([]);
    expect(signoff.run.mode).toBe('external');
    expect(run.stderr).not.toContain('starting the reference stack');
    expect(leftovers(run.runId!)).toEqual([]);
    rmSync(run.reportsDir, { recursive: true, force: true });
  });
});

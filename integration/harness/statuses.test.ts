import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExternalTarget } from '../../src/deployment/load.js';
import { TARGET_FILE_ENV, writeTargetFile } from '../../src/deployment/target.js';
import { applyDecidedStatuses, readItemResults, type ItemResult } from '../../src/signoff/results.js';
import { buildSignoff } from '../../src/signoff/signoff.js';
import { writeSignoff } from '../../src/signoff/write.js';

/**
 * The statuses the project decides, in both real runners: the item tests of fixtures/ (items.vitest.ts, items.playwright.ts: named so that no project of this repository collects them) run in Vitest
 * and in Playwright (Debian's Chromium) against a target whose Prometheus is a closed port and whose
 * application and Grafana are a tiny HTTP server here. What the runners record becomes the sign-off.
 */
const FIXTURES = resolve(import.meta.dirname, 'fixtures');
const bin = (name: string) => resolve('node_modules/.bin', name);
let dir: string;
let server: Server;

async function listen(s: Server): Promise<number> {
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  return (s.address() as AddressInfo).port;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done) => {
    execFile(command, args, { env: { ...process.env, ...env, FORCE_COLOR: '0' }, timeout: 150_000 }, (_error, stdout, stderr) => done(stdout + stderr));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'statuses-'));
  server = createServer((req, res) => {
    if (req.url === '/api/health') res.writeHead(200, { 'content-type': 'application/json' }).end('{"database":"ok"}');
    else res.writeHead(503, { 'content-type': 'text/plain' }).end('degraded');
  });
  const port = await listen(server);
  const closed = createServer();
  const closedPort = await listen(closed);
  await new Promise((done) => closed.close(done));
  mkdirSync(join(dir, 'repo'));
  const envFile = join(dir, '.env');
  const here = `http://127.0.0.1:${port}`;
  writeFileSync(
    envFile,
    [
      `APP_URL=${here}`,
      `PROMETHEUS_URL=http://127.0.0.1:${closedPort}`,
      `ALERTMANAGER_URL=http://127.0.0.1:${closedPort}`,
      `GRAFANA_URL=${here}`,
      'GRAFANA_PASSWORD=fixture-password',
      'REPO_DIR=repo',
      'MONITORING_DIR=repo',
      'HTTP_TIMEOUT_MS=2000',
    ].join('\n'),
  );
  writeTargetFile(join(dir, 'target.json'), loadExternalTarget(envFile));
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(dir, { recursive: true, force: true });
});

/** Runs one runner on its fixture into its own results directory; returns the results by item. */
async function results(runner: 'vitest' | 'playwright'): Promise<{ byId: Map<string, ItemResult>; output: string }> {
  const resultsDir = join(dir, `${runner}-results`);
  const env = { [TARGET_FILE_ENV]: join(dir, 'target.json'), CHECKLIST_RESULTS_DIR: resultsDir, CHECKLIST_PLAYWRIGHT_OUTPUT: join(dir, 'playwright') };
  const output =
    runner === 'vitest'
      ? await run(bin('vitest'), ['run', '--config', join(FIXTURES, 'vitest.config.ts')], env)
      : await run(bin('playwright'), ['test', '--config', join(FIXTURES, 'playwright.config.ts')], env);
  applyDecidedStatuses(resultsDir);
  return { byId: readItemResults(resultsDir), output };
}

describe('statuses decided by the item wrapper', () => {
  for (const runner of ['vitest', 'playwright'] as const) {
    it(`in ${runner}: unreachable part -> broken, wrong target -> failed, not applicable -> skipped with its reason, right -> passed`, async () => {
      const { byId, output } = await results(runner);
      const status = (id: string) => byId.get(id)?.status;
      expect([...byId.keys()].sort(), output.slice(-3000)).toEqual(['PRE-4.4', 'VER-1', 'VER-2', 'VER-3']);
      expect(status('VER-1'), byId.get('VER-1')?.message).toBe('broken');
      expect(byId.get('VER-1')!.message).toMatch(/(refused|ECONNREFUSED).*127\.0\.0\.1:\d+|127\.0\.0\.1:\d+.*(refused|ECONNREFUSED)/is);
      expect(status('VER-2'), byId.get('VER-2')?.message).toBe('failed');
      expect(byId.get('VER-2')!.message).toMatch(runner === 'vitest' ? /Expected GET \/health answers 200, but found 503 degraded/ : /toHaveText|degraded/);
      expect(byId.get('PRE-4.4')).toMatchObject({ status: 'skipped', notApplicable: 'not-configured' });
      expect(byId.get('PRE-4.4')!.message).toContain('fixture: the target names no load balancer');
      expect(status('VER-3'), byId.get('VER-3')?.message).toBe('passed');
      // Allure itself shows the project's decision, not the reporter's guess.
      const allureStatuses = new Map<string, string>();
      const resultsDir = join(dir, `${runner}-results`);
      for (const file of readdirSync(resultsDir).filter((f) => f.endsWith('-result.json'))) {
        const raw = JSON.parse(readFileSync(join(resultsDir, file), 'utf8')) as { status: string; labels: { name: string; value: string }[] };
        allureStatuses.set(raw.labels.find((l) => l.name === 'checklist_id')!.value, raw.status);
      }
      expect(Object.fromEntries(allureStatuses)).toEqual({ 'VER-1': 'broken', 'VER-2': 'failed', 'PRE-4.4': 'skipped', 'VER-3': 'passed' });

      // The sign-off lists the skipped item with its reason, and the broken and failed blockers keep it NOT READY.
      const signoff = buildSignoff({
        results: byId,
        selected: new Set(byId.keys()),
        missingReason: () => '',
        run: { mode: 'external', startedAt: new Date().toISOString(), durationMs: 1 },
        approvals: [],
      });
      writeSignoff(join(dir, `${runner}-signoff`), signoff);
      const md = readFileSync(join(dir, `${runner}-signoff`, 'signoff.md'), 'utf8');
      expect(md).toMatch(
        /## Not applicable \(skipped with a reason\)\n- PRE-4\.4 \(not-configured\): not applicable \(not-configured\): fixture: the target names no load balancer/,
      );
      expect(signoff.verdict).toBe('NOT READY');
      expect(
        signoff.blockers
          .filter((b) => byId.has(b.id))
          .map((b) => b.id)
          .sort(),
      ).toEqual(['VER-1', 'VER-2']);
    }, 200_000);
  }
});

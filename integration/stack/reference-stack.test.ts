import { rmSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StackStartError } from '../../src/stack/errors.js';
import { startReferenceStack, type StartedReferenceStack } from '../../src/stack/reference-stack.js';
import { assertImagesPresent, leftovers, newRunId, testImages, testMonitoringDir } from './support.js';

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await request(url, { headersTimeout: 5_000, bodyTimeout: 5_000, signal: AbortSignal.timeout(5_000) });
  return { status: res.statusCode, body: await res.body.text() };
}

interface Target {
  scrapePool: string;
  lastScrape: string;
}

describe('startReferenceStack', { timeout: 180_000 }, () => {
  const images = testImages();
  const monitoring = testMonitoringDir();
  const runId = newRunId('stack-test');
  let started: StartedReferenceStack | undefined;
  const stack = (): StartedReferenceStack => {
    if (!started) throw new Error('the stack did not start (see beforeAll)');
    return started;
  };
  const progress: string[] = [];

  beforeAll(async () => {
    assertImagesPresent(images);
    console.log(`monitoring tree: from monitoring/: [${monitoring.fromProject.join(', ')}], minimal: [${monitoring.minimal.join(', ')}]`);
    started = await startReferenceStack({
      runId,
      monitoringDir: monitoring.dir,
      images,
      grafanaPassword: 'test-password-1',
      onProgress: (msg) => progress.push(msg),
    });
    const { containersReadyMs, readyMs } = stack().timings;
    console.log(`stack ready: containers ${containersReadyMs} ms, ready ${readyMs} ms\n${progress.join('\n')}`);
  });

  afterAll(async () => {
    await started?.stop();
    rmSync(monitoring.dir, { recursive: true, force: true });
  });

  it('reaches ready: every service answers on its host-mapped URL', async () => {
    const e = stack().endpoints;
    for (const url of [e.appUrl, e.prometheusUrl, e.alertmanagerUrl, e.grafanaUrl, e.receiverUrl]) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
    expect((await get(`${e.appUrl}/health`)).status).toBe(200);
    expect((await get(`${e.prometheusUrl}/-/ready`)).status).toBe(200);
    expect((await get(`${e.alertmanagerUrl}/-/ready`)).status).toBe(200);
    expect((await get(`${e.grafanaUrl}/api/health`)).status).toBe(200);
    expect((await get(`${e.receiverUrl}/-/ready`)).status).toBe(200);
  });

  it('is ready only once every job was scraped and every rule group evaluated', async () => {
    const { prometheusUrl } = stack().endpoints;
    const targets = JSON.parse((await get(`${prometheusUrl}/api/v1/targets?state=active`)).body) as {
      data: { activeTargets: Target[] };
    };
    expect(targets.data.activeTargets.map((t) => t.scrapePool).sort()).toEqual(['alert-receiver', 'alertmanager', 'mcp-memory-server', 'prometheus']);
    for (const t of targets.data.activeTargets) expect(t.lastScrape).not.toMatch(/^0001-01-01/);
    const rules = JSON.parse((await get(`${prometheusUrl}/api/v1/rules`)).body) as {
      data: { groups: { lastEvaluation: string }[] };
    };
    expect(rules.data.groups.length).toBeGreaterThan(0);
    for (const g of rules.data.groups) expect(g.lastEvaluation).not.toMatch(/^0001-01-01/);
    const ams = JSON.parse((await get(`${prometheusUrl}/api/v1/alertmanagers`)).body) as {
      data: { activeAlertmanagers: unknown[] };
    };
    expect(ams.data.activeAlertmanagers).toHaveLength(1);
  });

  it('labels every container and its network with the run id', () => {
    const left = leftovers(runId);
    expect(left.containers).toHaveLength(5);
    expect(left.networks).toHaveLength(1);
  });

  it('exposes the last log lines of a service', async () => {
    const logs = await stack().logs('prometheus', 20);
    expect(logs).toMatch(/Server is ready to receive web requests/);
    expect(logs.split('\n').length).toBeLessThanOrEqual(20);
  });

  it('stop() removes every container and the network, and is idempotent', async () => {
    await Promise.all([stack().stop(), stack().stop()]);
    expect(leftovers(runId)).toEqual({ containers: [], networks: [] });
    await stack().stop();
  });
});

describe('startReferenceStack failures', { timeout: 120_000 }, () => {
  it('names the service, the condition, the elapsed time and the last log lines, and leaves nothing behind', async () => {
    const images = testImages();
    assertImagesPresent(images);
    const monitoring = testMonitoringDir();
    const runId = newRunId('stack-fail');
    try {
      // An invalid PORT makes the application exit at once (fixtures/app/src/config.ts).
      const start = startReferenceStack({
        runId,
        monitoringDir: monitoring.dir,
        images,
        grafanaPassword: 'test-password-2',
        appEnv: { PORT: 'not-a-port' },
      });
      const error = await start.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StackStartError);
      const message = (error as Error).message;
      console.log(message);
      expect(message).toMatch(/^reference stack stack-fail-[0-9a-f]+ did not start \(\d+ ms; everything it had started was removed\)/);
      expect(message).toMatch(
        /mcp-memory-server \(image mcp-memory-server:1\.0\.0, container [0-9a-f]{12}\): expected GET \/health on port 8080 answers 200 within 30000 ms, but after \d+ ms the container exited with code \d+\./,
      );
      expect(message).toMatch(/Last log lines of mcp-memory-server:\n {2}\| .*PORT/);
      expect(leftovers(runId)).toEqual({ containers: [], networks: [] });
    } finally {
      rmSync(monitoring.dir, { recursive: true, force: true });
    }
  });

  it('names the missing configuration path before starting anything', async () => {
    const runId = newRunId('stack-missing');
    await expect(
      startReferenceStack({
        runId,
        monitoringDir: '/nonexistent/monitoring',
        images: testImages(),
        grafanaPassword: 'x-password',
      }),
    ).rejects.toThrow('the reference stack needs /nonexistent/monitoring/prometheus.yml, /nonexistent/monitoring/alerts,');
    expect(leftovers(runId)).toEqual({ containers: [], networks: [] });
  });
});

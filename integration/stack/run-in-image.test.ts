import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInImage } from '../../src/tools/run-in-image.js';
import { assertImagesPresent, leftovers, newRunId, testImages } from './support.js';

describe('runInImage', { timeout: 60_000 }, () => {
  const { prometheus, alertmanager } = testImages();
  const dir = mkdtempSync(join(tmpdir(), 'run-in-image-'));
  const good = join(dir, 'good.yml');
  const bad = join(dir, 'bad.yml');
  const runId = newRunId('oneshot-test');

  beforeAll(() => {
    assertImagesPresent({ prometheus, alertmanager });
    writeFileSync(good, 'global: { scrape_interval: 15s }\nscrape_configs:\n  - { job_name: self, static_configs: [{ targets: ["localhost:9090"] }] }\n');
    writeFileSync(
      bad,
      'global: { scrape_interval: 15s }\nscrape_configs:\n  - { job_name: self, static_configs: [{ targets: ["localhost:9090"] }], no_such_key: 1 }\n',
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns promtool check config exit code 0 and its output for a valid configuration', async () => {
    const result = await runInImage({
      image: prometheus,
      entrypoint: ['/bin/promtool'],
      args: ['check', 'config', '/etc/prometheus/prometheus.yml'],
      files: [{ source: good, target: '/etc/prometheus/prometheus.yml' }],
      runId,
      timeoutMs: 30_000,
    });
    console.log(`promtool check config (valid) in ${result.elapsedMs} ms`);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('SUCCESS: /etc/prometheus/prometheus.yml is valid prometheus config file syntax');
    expect(leftovers(runId).containers).toEqual([]);
  });

  it('returns promtool check config exit code 1 and the reason for an invalid configuration', async () => {
    const result = await runInImage({
      image: prometheus,
      entrypoint: ['/bin/promtool'],
      args: ['check', 'config', '/etc/prometheus/prometheus.yml'],
      files: [{ source: bad, target: '/etc/prometheus/prometheus.yml' }],
      runId,
      timeoutMs: 30_000,
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/FAILED: parsing YAML file \/etc\/prometheus\/prometheus.yml: [\s\S]*field no_such_key not found/);
    expect(leftovers(runId).containers).toEqual([]);
  });

  it('runs amtool with generated content and separates stdout from stderr', async () => {
    const result = await runInImage({
      image: alertmanager,
      entrypoint: ['/bin/amtool'],
      args: ['check-config', '/etc/alertmanager/config.yml'],
      contents: [{ content: 'route: { receiver: x }\nreceivers: [{ name: x }]\n', target: '/etc/alertmanager/config.yml' }],
      runId,
      timeoutMs: 30_000,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Checking '/etc/alertmanager/config.yml'  SUCCESS");
    expect(result.stderr).toBe('');
  });

  it('fails with the condition, the elapsed time and the last log lines when the container does not exit in time', async () => {
    const started = performance.now();
    await expect(
      runInImage({
        image: prometheus,
        args: ['--config.file=/etc/prometheus/prometheus.yml'],
        runId,
        timeoutMs: 1_500,
      }),
    ).rejects.toThrow(
      /one-shot `--config.file=\/etc\/prometheus\/prometheus.yml` \(image .*, container [0-9a-f]{12}\): expected the one-shot container exits within 1500 ms, but after \d+ ms it is still running\.\nLast log lines of one-shot .*:\n {2}\| [\s\S]*Server is ready to receive web requests/,
    );
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(leftovers(runId).containers).toEqual([]);
  });

  it('names an image that is neither present nor pullable', async () => {
    await expect(runInImage({ image: 'checklist-local/no-such-image:0', args: ['x'], runId, timeoutMs: 10_000 })).rejects.toThrow(
      /^one-shot `x` in checklist-local\/no-such-image:0 failed after \d+ ms: .*\(image checklist-local\/no-such-image:0 is not present locally and could not be pulled: build the local images with scripts\/build-images.sh/,
    );
    expect(leftovers(runId).containers).toEqual([]);
  });
});

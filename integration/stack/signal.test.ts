import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeRunResources } from '../../src/stack/cleanup.js';
import { assertImagesPresent, leftovers, newRunId, REPO_ROOT, testImages, testMonitoringDir } from './support.js';

/** Runs signal-child.ts, sends `signal` once it printed "ready", and resolves with its exit once it is gone. */
function interruptWhenReady(
  runId: string,
  monitoringDir: string,
  signal: 'SIGINT' | 'SIGTERM',
): Promise<{ code: number | null; output: string; readyAfterMs: number; exitAfterSignalMs: number }> {
  const child = spawn(join(REPO_ROOT, 'node_modules/.bin/tsx'), [join(REPO_ROOT, 'integration/stack/signal-child.ts'), runId, monitoringDir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = performance.now();
  let output = '';
  let readyAfterMs = -1;
  let signalledAt = 0;
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`signal-child (${signal}) did not ${readyAfterMs < 0 ? 'print "ready" within 90000 ms' : 'exit within 90000 ms'}; its output:\n${output}`),
      );
    }, 90_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (readyAfterMs < 0 && /^ready /m.test(output)) {
        readyAfterMs = Math.round(performance.now() - started);
        signalledAt = performance.now();
        child.kill(signal);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(deadline);
      resolve({ code, output, readyAfterMs, exitAfterSignalMs: Math.round(performance.now() - signalledAt) });
    });
  });
}

describe('a run interrupted by a signal', { timeout: 120_000 }, () => {
  const monitoring = testMonitoringDir();
  const runIds: string[] = [];

  beforeAll(() => assertImagesPresent(testImages()));

  afterAll(async () => {
    // Only if an assertion failed: do not leave the failed run's stack behind for the next tests.
    await Promise.all(runIds.map((id) => removeRunResources(id)));
    rmSync(monitoring.dir, { recursive: true, force: true });
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s after "ready" exits %i and leaves no labelled container or network', async (signal, exitCode) => {
    const runId = newRunId(`signal-${signal.toLowerCase()}`);
    runIds.push(runId);
    const result = await interruptWhenReady(runId, monitoring.dir, signal);
    console.log(`${signal}: ready after ${result.readyAfterMs} ms (tsx + stack), exited ${result.exitAfterSignalMs} ms after the signal`);
    expect(result.readyAfterMs, result.output).toBeGreaterThan(0);
    expect(result.output).toContain(`received ${signal}`);
    expect(result.output).toContain('cleaned up');
    expect(result.code, result.output).toBe(exitCode);
    expect(leftovers(runId)).toEqual({ containers: [], networks: [] });
  });
});

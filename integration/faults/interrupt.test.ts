import { describe, expect, it } from 'vitest';
import { leftovers, runCli } from './harness.js';

/** Ctrl-C in the middle of a run: the CLI stops, removes everything it started, and says so with exit 130. */
describe('an interrupted run', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`leaves no container or network behind after ${signal} once the stack is up`, async () => {
      let sent = false;
      const run = await runCli(['--item', 'VER-1'], {
        onStderr: (text, child) => {
          if (!sent && text.includes('stack ready')) {
            sent = true;
            child.kill(signal);
          }
        },
      });
      expect(sent, run.stderr.slice(-2000)).toBe(true);
      expect(run.exitCode).toBe(code);
      expect(run.stderr).toContain(`${signal}: stopping the run and removing what it started`);
      expect(leftovers(run.runId!)).toEqual([]);
    });
  }

  it('rejects a malformed .env file before anything starts (exit 2, one line per problem)', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'env-')), '.env');
    writeFileSync(file, 'APP_URL=localhost:8080\nGRAFANA_PASSWORD=hunter2-canary\n');
    const run = await runCli(['--env-file', file]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/APP_URL: must start with http:\/\/ or https:\/\//);
    expect(run.stderr).toMatch(/PROMETHEUS_URL: required/);
    expect(run.stderr).not.toContain('hunter2-canary');
    expect(run.stderr).not.toContain('starting the reference stack');
  });
});

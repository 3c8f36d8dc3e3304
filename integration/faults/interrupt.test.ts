import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leftovers, runCli } from './harness.js';

/** The run's own temporary directory (it holds the target file): tmpdir()/checklist-<first 8 of the run id>-XXXXXX. */
function workDirs(runId: string): string[] {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith(`checklist-${runId.slice(0, 8)}-`))
    .map((name) => join(tmpdir(), name));
}

/**
 * Ctrl-C in the middle of a run: the CLI stops, removes everything it started (containers, network,
 * its temporary directory with the target file), and says so with exit 130 / 143.
 * SIGINT arrives while Vitest runs (the target file exists), SIGTERM right after the stack is ready,
 * and SIGINT again in the middle of stack start-up.
 */
describe('an interrupted run', () => {
  for (const [signal, code, when] of [
    ['SIGINT', 130, 'vitest: '],
    ['SIGTERM', 143, 'stack ready'],
    // In the middle of stack start-up: the network exists, the containers are starting.
    ['SIGINT', 130, 'stack: network'],
  ] as const) {
    it(`leaves no container, network or temporary file behind after ${signal} (sent at "${when.trim()}")`, async () => {
      let seenDirs: string[] = [];
      let targetFileMode: number | undefined;
      const run = await runCli(['--item', 'VER-1'], {
        onStderr: (text, child) => {
          if (seenDirs.length > 0 || !text.includes(when)) return;
          const runId = /run ([0-9a-f-]{36})/.exec(text)?.[1] ?? '';
          seenDirs = workDirs(runId);
          const targetFile = join(seenDirs[0] ?? '', 'target.json');
          if (when === 'vitest: ') targetFileMode = statSync(targetFile).mode & 0o777;
          child.kill(signal);
        },
      });
      expect(seenDirs, run.stderr.slice(-2000)).toHaveLength(1);
      if (when === 'vitest: ') expect(targetFileMode?.toString(8)).toBe('600');
      expect(run.exitCode).toBe(code);
      expect(run.stderr).toContain(`${signal}: stopping the run and removing what it started`);
      expect(leftovers(run.runId!)).toEqual([]);
      expect(workDirs(run.runId!), 'the run temporary directory and its target file').toEqual([]);
    });
  }

  it('rejects a malformed .env file before anything starts (exit 2, one line per problem)', async () => {
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

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Signoff } from '../../src/signoff/signoff.js';
import { imageSetFromEnv } from '../../src/run/options.js';

/**
 * Items that judge a latency on this host's clock: they share the 2 cores with the stack and the other
 * runs of npm test, and on a saturated host they say so and are broken (never passed, never failed
 * for the machine's stalls); on an idle host they pass. The message they must give.
 */
export const HOST_BOUND: Record<string, RegExp> = {
  'PRE-10.1': /saturated|starved/,
  'VER-5': /saturated|starved/,
};

export interface CliRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  reportsDir: string;
  /** The run's id, as the CLI printed it (containers and networks carry it as a label). */
  runId: string | undefined;
  signoff(): Signoff;
}

/** Containers and networks of a run still on the engine. */
export function leftovers(runId: string): string[] {
  const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).split('\n').filter(Boolean);
  const filter = `label=io.checklist.run-id=${runId}`;
  return [
    ...docker('ps', '-a', '--format', 'container {{.Names}}', '--filter', filter),
    ...docker('network', 'ls', '--format', 'network {{.Name}}', '--filter', filter),
  ];
}

/** Runs `npm run checklist` as a user would (the CLI as a child process), into a fresh reports dir. */
export function runCli(
  args: string[],
  options: {
    timeoutMs?: number;
    env?: NodeJS.ProcessEnv;
    report?: boolean;
    /** false: no --images flag (the run picks its images itself, e.g. a --reuse run from its kept stack). */
    images?: boolean;
    onStderr?: (text: string, child: ReturnType<typeof spawn>) => void;
  } = {},
): Promise<CliRun> {
  const reportsDir = mkdtempSync(join(tmpdir(), 'checklist-reports-'));
  const images = imageSetFromEnv() ?? 'local';
  // node --import tsx rather than the tsx launcher: one process less per run (~0.3 s of CPU, ~150 runs in npm test).
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli.ts',
      ...(options.images === false ? [] : ['--images', images]),
      ...(options.report ? [] : ['--no-report']),
      '--reports-dir',
      reportsDir,
      ...args,
    ],
    {
      // One Vitest worker per run: the project's tests run many checklist runs at once on the same cores.
      env: { ...process.env, FORCE_COLOR: '0', CHECKLIST_WORKERS: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    options.onStderr?.(stderr, child);
  });
  const timeoutMs = options.timeoutMs ?? 240_000;
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolvePromise({
        exitCode,
        stdout,
        stderr,
        reportsDir,
        runId: /run ([0-9a-f-]{36})/.exec(stderr)?.[1],
        signoff: () => JSON.parse(readFileSync(join(reportsDir, 'signoff.json'), 'utf8')) as Signoff,
      });
    });
  });
}

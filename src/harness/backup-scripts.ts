import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CheckFailed } from '../registry/errors.js';
import { redact } from '../secrets/redact.js';

/**
 * The target's own backup and restore scripts (scripts/backup_*.sh, restore_*.sh of its repository),
 * run as an operator runs them: settings and secrets in the environment, never on a command line.
 * A script that is missing or exits non-zero means the deployment's procedure does not work: failed.
 */
export interface ScriptRun {
  script: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runScript(repoDir: string, script: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<ScriptRun> {
  const path = join(repoDir, 'scripts', script);
  if (!existsSync(path)) {
    throw new CheckFailed({
      expected: `the deployment's ${script}`,
      found: 'no such script',
      where: path,
      hint: 'the rollback procedure restores from backups made by scripts/backup_*.sh and restore_*.sh (docs/backup.md)',
    });
  }
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      'bash',
      [path, ...args],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env }, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ script, exitCode: code, stdout: redact(stdout), stderr: redact(stderr), ms: Math.round(performance.now() - started) });
      },
    );
  });
}

/** Runs a script and fails the item, with its last output, unless it exits 0. */
export async function runScriptOk(repoDir: string, script: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<ScriptRun> {
  const run = await runScript(repoDir, script, args, env, timeoutMs);
  if (run.exitCode !== 0) {
    throw new CheckFailed({
      expected: `${script} to exit 0`,
      found: `exit ${run.exitCode} after ${run.ms} ms: ${run.stderr.trim().split('\n').slice(-4).join(' | ')}`,
      where: join(repoDir, 'scripts', script),
      hint: 'run the script by hand with the same environment (docs/backup.md) and fix what it reports',
    });
  }
  return run;
}

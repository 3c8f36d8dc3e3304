import { execFile } from 'node:child_process';
import { redact } from '../secrets/redact.js';

export interface CommandRun {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  elapsedMs: number;
  /** The executable was not found (ENOENT). */
  missing: boolean;
  timedOut: boolean;
}

/**
 * Runs one command without a shell, with a deadline; never throws for a non-zero exit, a missing
 * executable or a timeout: the caller decides what each means for its item.
 */
export function runCommand(file: string, args: string[], options: { cwd?: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<CommandRun> {
  const started = performance.now();
  const command = redact([file, ...args].join(' '));
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs, env: options.env, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const e = error as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
        resolve({
          command,
          exitCode: e ? (typeof e.code === 'number' ? e.code : -1) : 0,
          stdout: String(stdout),
          stderr: String(stderr),
          elapsedMs: Math.round(performance.now() - started),
          missing: e?.code === 'ENOENT',
          timedOut: Boolean(e?.killed),
        });
      },
    );
  });
}

/** A command line as configured (`trivy image {image}`) -> file and arguments; quotes group words. */
export function splitCommandLine(line: string, vars: Record<string, string> = {}): [string, ...string[]] {
  const words = (line.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^(["'])(.*)\1$/, '$2').replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m));
  if (!words.length) throw new Error('empty command line');
  return words as [string, ...string[]];
}

/** The last lines of a tool's output, for a failure message. */
export function tail(text: string, lines = 8): string {
  return redact(text.trimEnd().split('\n').slice(-lines).join('\n'));
}

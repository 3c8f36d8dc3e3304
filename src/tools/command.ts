import { spawn } from 'node:child_process';

export interface CommandRun {
  command: string;
  cwd: string;
  /** null when the command was killed (deadline) or ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  durationMs: number;
  /** stdout and stderr interleaved as they came, the last `maxOutputBytes` of it. */
  output: string;
  stdout: string;
}

/** Variables of the suite's own runner that must not leak into the target's test runner. */
const RUNNER_VARIABLES = /^(VITEST|VITEST_.*|TEST|NODE_OPTIONS|CHECKLIST_.*|ALLURE_.*|TESTCONTAINERS_.*|FORCE_COLOR|npm_lifecycle_.*|npm_package_.*|INIT_CWD)$/;

/** The environment a target command runs in: ours without our runner's variables, no colours. */
export function commandEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(env).filter(([k]) => !RUNNER_VARIABLES.test(k)));
  return { ...clean, NO_COLOR: '1', CI: 'true' };
}

function keepTail(text: string, max: number): string {
  return text.length > max ? `[... ${text.length - max} characters cut ...]\n${text.slice(-max)}` : text;
}

/**
 * Runs a shell command line of the target (`sh -c`) in `cwd` with a deadline: at the deadline the
 * whole process group is killed and the run says so. Never throws for the command's own failure.
 */
export function runCommand(
  command: string,
  options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv; maxOutputBytes?: number },
): Promise<CommandRun> {
  const max = options.maxOutputBytes ?? 200_000;
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn('sh', ['-c', command], {
      cwd: options.cwd,
      env: options.env ?? commandEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    let stdout = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => {
      output = keepTail(output + d.toString(), max * 2);
      stdout = keepTail(stdout + d.toString(), max * 10);
    });
    child.stderr.on('data', (d: Buffer) => (output = keepTail(output + d.toString(), max * 2)));
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      // Children the command left behind (a server a test forgot) go with it.
      kill();
      resolvePromise({
        command,
        cwd: options.cwd,
        exitCode,
        signal,
        timedOut,
        durationMs: Math.round(performance.now() - started),
        output: keepTail(output, max),
        stdout,
      });
    });
  });
}

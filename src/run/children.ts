import { spawn } from 'node:child_process';

export interface ChildResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines of stderr, for a diagnosis when the runner itself broke. */
  stderrTail: string;
}

/**
 * Runs a test runner as a child process, its output streamed to ours. `signal` aborts it: SIGTERM,
 * then SIGKILL if it has not ended after `graceMs`.
 */
export function runChild(command: string, args: string[], env: NodeJS.ProcessEnv, signal: AbortSignal, graceMs = 5_000): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'pipe'], detached: false });
    let stderrTail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk.toString()).slice(-4_000);
    });
    const abort = () => {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      killer.unref();
    };
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    child.on('error', reject);
    child.on('close', (exitCode, sig) => {
      signal.removeEventListener('abort', abort);
      resolvePromise({ exitCode, signal: sig, stderrTail });
    });
  });
}

/**
 * A run that is interrupted: starts the reference stack, prints "ready", and waits. On SIGINT/SIGTERM it removes
 * the stack (onTerminationSignals: stop(), or a sweep by run id if the stack is not started yet) and exits with
 * 130/143. Used by signal.test.ts: tsx integration/stack/signal-child.ts <runId> <monitoringDir>
 */
import { removeRunResources } from '../../src/stack/cleanup.js';
import { errorMessage } from '../../src/stack/errors.js';
import { startReferenceStack, type StartedReferenceStack } from '../../src/stack/reference-stack.js';
import { testImages } from './support.js';

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

/**
 * Installs SIGINT/SIGTERM/SIGHUP handlers that run `cleanup` once and then exit with 128 + the signal number
 * (130, 143, 129). A second signal while cleaning up exits at once. Returns a function that uninstalls them.
 */
function onTerminationSignals(
  cleanup: (signal: HandledSignal) => Promise<void>,
  log: (msg: string) => void = (msg) => process.stderr.write(`${msg}\n`),
): () => void {
  let cleaning = false;
  const handler = (signal: HandledSignal): void => {
    const code = SIGNAL_EXIT_CODES[signal];
    if (cleaning) {
      log(`${signal} again: exiting without waiting for cleanup`);
      process.exit(code);
    }
    cleaning = true;
    log(`${signal}: removing the run's containers and network`);
    cleanup(signal).then(
      () => process.exit(code),
      (error: unknown) => {
        log(`cleanup after ${signal} failed: ${errorMessage(error)}`);
        process.exit(code);
      },
    );
  };
  const signals = Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[];
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}

const [runId, monitoringDir] = process.argv.slice(2);
if (!runId || !monitoringDir) {
  process.stderr.write('usage: signal-child.ts <runId> <monitoringDir>\n');
  process.exit(2);
}

const running: { stack?: StartedReferenceStack } = {};
onTerminationSignals(async (signal) => {
  process.stdout.write(`received ${signal}\n`);
  if (running.stack) await running.stack.stop();
  else await removeRunResources(runId);
  process.stdout.write('cleaned up\n');
});

const stack = await startReferenceStack({
  runId,
  monitoringDir,
  images: testImages(),
  grafanaPassword: 'signal-child-password',
  onProgress: (msg) => process.stderr.write(`[stack] ${msg}\n`),
});
running.stack = stack;
process.stdout.write(`ready ${stack.endpoints.prometheusUrl}\n`);
// Keep the process alive until a signal arrives (the test's deadline bounds this).
setInterval(() => undefined, 60_000);

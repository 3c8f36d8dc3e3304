/**
 * A run that is interrupted: starts the reference stack, prints "ready", and waits. On SIGINT/SIGTERM it removes
 * the stack (onTerminationSignals: stop(), or a sweep by run id if the stack is not started yet) and exits with
 * 130/143. Used by signal.test.ts: tsx integration/stack/signal-child.ts <runId> <monitoringDir>
 */
import { onTerminationSignals, removeRunResources } from '../../src/stack/cleanup.js';
import { startReferenceStack, type StartedReferenceStack } from '../../src/stack/reference-stack.js';
import { testImages } from './support.js';

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

import { hostname } from 'node:os';

/**
 * Labels on everything the suite creates in the container engine (containers, networks, one-shot containers).
 * They are how a run finds its own resources again: on stop, on SIGINT/SIGTERM, and after a crash
 * (`reapOrphans()` removes resources whose process is gone).
 */
export const RUN_ID_LABEL = 'io.checklist.run-id';
/** The id of the process that created the resource; `reapOrphans()` removes resources whose process is gone. */
export const PID_LABEL = 'io.checklist.pid';
/** The host the process ran on, so a shared (remote) engine never reaps another machine's live run. */
export const HOST_LABEL = 'io.checklist.host';
/** The service a container plays in the stack (its network alias). */
export const SERVICE_LABEL = 'io.checklist.service';

/** A run id becomes part of resource names: letters, digits, `_`, `.` and `-` only. */
const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export function assertValidRunId(runId: string): void {
  if (!RUN_ID_PATTERN.test(runId)) {
    throw new Error(`invalid run id ${JSON.stringify(runId)}: use 1-63 letters, digits, '_', '.' or '-', starting with a letter or digit`);
  }
}

/** The labels every resource of `runId` carries. */
export function runLabels(runId: string): Record<string, string> {
  assertValidRunId(runId);
  return { [RUN_ID_LABEL]: runId, [PID_LABEL]: String(process.pid), [HOST_LABEL]: hostname() };
}

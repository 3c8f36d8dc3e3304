import { hostname } from 'node:os';
import { getContainerRuntimeClient } from 'testcontainers';
import { pollUntil } from '../probes/poll.js';
import { errorMessage } from './errors.js';
import { HOST_LABEL, PID_LABEL, RUN_ID_LABEL, assertValidRunId } from './labels.js';

/** What a sweep removed. */
export interface RemovedResources {
  containers: string[];
  networks: string[];
}

/** The ids of the containers (running or not) and networks carrying `label` (`key` or `key=value`). */
export async function listLabelled(label: string): Promise<{
  containers: { id: string; labels: Record<string, string> }[];
  networks: { id: string; labels: Record<string, string> }[];
}> {
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const filters = { label: [label] };
  const [containers, networks] = await Promise.all([dockerode.listContainers({ all: true, filters }), dockerode.listNetworks({ filters })]);
  return {
    containers: containers.map((c) => ({ id: c.Id, labels: c.Labels ?? {} })),
    networks: networks.map((n) => ({ id: n.Id, labels: n.Labels ?? {} })),
  };
}

/** Docker answers 404 for what is already gone and 409 while a removal is already under way. */
function isGone(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return status === 404 || (status === 409 && /already in progress/i.test(errorMessage(error)));
}

/**
 * Force-removes the given containers (with their anonymous volumes), then the networks. A network whose last
 * endpoint is still being detached is retried for up to 5 s. Throws naming what could not be removed.
 */
async function removeResources(containerIds: string[], networkIds: string[]): Promise<RemovedResources> {
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const problems: string[] = [];
  await Promise.all(
    containerIds.map(async (id) => {
      try {
        await dockerode.getContainer(id).remove({ force: true, v: true });
      } catch (error) {
        if (!isGone(error)) problems.push(`container ${id.slice(0, 12)}: ${errorMessage(error)}`);
      }
    }),
  );
  await Promise.all(
    networkIds.map(async (id) => {
      const removal = await pollUntil(
        () =>
          dockerode
            .getNetwork(id)
            .remove()
            .then(
              () => '',
              (error: unknown) => (isGone(error) ? '' : errorMessage(error)),
            ),
        (problem) => problem === '',
        { timeoutMs: 5_000, intervalMs: 100 },
      );
      if (!removal.ok) problems.push(`network ${id.slice(0, 12)}: ${removal.value}`);
    }),
  );
  if (problems.length > 0) throw new Error(`could not remove: ${problems.join('; ')}`);
  return { containers: containerIds, networks: networkIds };
}

/** Removes every container and network carrying `label` (`key=value`), whatever state it is in. */
export async function removeLabelled(label: string): Promise<RemovedResources> {
  const found = await listLabelled(label);
  return removeResources(
    found.containers.map((c) => c.id),
    found.networks.map((n) => n.id),
  );
}

/** Removes every container and network labelled `io.checklist.run-id=<runId>`, whatever state it is in. */
export async function removeRunResources(runId: string): Promise<RemovedResources> {
  assertValidRunId(runId);
  return removeLabelled(`${RUN_ID_LABEL}=${runId}`);
}

/** Whether a process with this id exists on this host (EPERM: it exists but is not ours to signal). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the containers and networks of runs whose process is gone: labelled `io.checklist.pid` with a pid that
 * is no longer alive, and `io.checklist.host` equal to this host (another machine's runs on a shared engine are
 * left alone). For the start of a run, after a previous one was killed (SIGKILL, a crash) before it could clean up.
 * `spareRunIds`: runs left running on purpose (`--keep`), which only `npm run cleanup` removes.
 */
export async function reapOrphans(options: { spareRunIds?: readonly string[] } = {}): Promise<RemovedResources & { pids: number[] }> {
  const found = await listLabelled(PID_LABEL);
  const here = hostname();
  const spare = new Set(options.spareRunIds ?? []);
  const orphaned = (labels: Record<string, string>): boolean => {
    const pid = Number(labels[PID_LABEL]);
    if (spare.has(labels[RUN_ID_LABEL] ?? '')) return false;
    return labels[HOST_LABEL] === here && Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid);
  };
  const containers = found.containers.filter((c) => orphaned(c.labels));
  const networks = found.networks.filter((n) => orphaned(n.labels));
  const pids = [...new Set([...containers, ...networks].map((r) => Number(r.labels[PID_LABEL])))].sort((a, b) => a - b);
  const removed = await removeResources(
    containers.map((c) => c.id),
    networks.map((n) => n.id),
  );
  return { ...removed, pids };
}

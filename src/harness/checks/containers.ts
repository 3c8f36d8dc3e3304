import { getContainerRuntimeClient } from 'testcontainers';
import type { ContainerStats } from 'dockerode';
import { RUN_ID_LABEL, SERVICE_LABEL } from '../../stack/labels.js';
import { interleavedDockerOutput } from '../../stack/docker-logs.js';
import { ItemBroken } from '../../registry/errors.js';

/** The reference stack's containers, seen from the engine: found again from the app's published port. */
export interface RunContainer {
  id: string;
  service: string;
  /** The container that publishes the application's port. */
  isApp: boolean;
}

/** The containers of the run whose application answers at `appUrl` (reference mode only). */
export async function runContainers(appUrl: string): Promise<RunContainer[]> {
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const port = Number(new URL(appUrl).port);
  const all = await dockerode.listContainers({ filters: { label: [RUN_ID_LABEL] } });
  // IPv4 bindings only: Docker maps IPv6 separately, to port numbers that may be another container's IPv4 port.
  const app = all.find((c) => c.Ports.some((p) => p.PublicPort === port && !(p.IP ?? '').includes(':')));
  const runId = app?.Labels[RUN_ID_LABEL];
  if (!runId) throw new ItemBroken(`no running container of the reference stack publishes port ${port} (${appUrl})`);
  return all
    .filter((c) => c.Labels[RUN_ID_LABEL] === runId)
    .map((c) => ({ id: c.Id, service: c.Labels[SERVICE_LABEL] ?? c.Names[0] ?? c.Id.slice(0, 12), isApp: c.Id === app?.Id }));
}

export interface ContainerUsage {
  service: string;
  memoryMb: number;
  /** Percent of one CPU, as `docker stats` shows it. */
  cpuPercent: number;
}

/** Memory in use without the page cache, as `docker stats` computes it (cgroup v1 and v2). */
function memoryBytes(stats: ContainerStats): number {
  const s = stats.memory_stats;
  const cache = s.stats?.inactive_file ?? s.stats?.total_inactive_file ?? 0;
  return Math.max(0, (s.usage ?? 0) - cache);
}

/** One reading of memory and CPU of a container (the engine measures CPU over about a second). */
export async function containerUsage(container: RunContainer): Promise<ContainerUsage> {
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const stats = await dockerode.getContainer(container.id).stats({ stream: false });
  const cpuDelta = stats.cpu_stats.cpu_usage.total_usage - stats.precpu_stats.cpu_usage.total_usage;
  const systemDelta = (stats.cpu_stats.system_cpu_usage ?? 0) - (stats.precpu_stats.system_cpu_usage ?? 0);
  const cpus = stats.cpu_stats.online_cpus ?? stats.cpu_stats.cpu_usage.percpu_usage?.length ?? 1;
  return {
    service: container.service,
    memoryMb: memoryBytes(stats) / 1024 / 1024,
    cpuPercent: systemDelta > 0 && cpuDelta >= 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0,
  };
}

/** Memory of a container now, in MB, without waiting for a CPU interval. */
export async function containerMemoryMb(container: RunContainer): Promise<number> {
  const { dockerode } = (await getContainerRuntimeClient()).container;
  return memoryBytes(await dockerode.getContainer(container.id).stats({ stream: false, 'one-shot': true })) / 1024 / 1024;
}

/** The last `lines` log lines of a container, stdout and stderr interleaved. */
export async function containerLogLines(container: RunContainer, lines: number): Promise<string[]> {
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const raw: unknown = await dockerode.getContainer(container.id).logs({ follow: false, stdout: true, stderr: true, tail: lines });
  return interleavedDockerOutput(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)))
    .split('\n')
    .filter((l) => l.trim() !== '');
}

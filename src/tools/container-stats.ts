import { getContainerRuntimeClient } from 'testcontainers';

/** One reading of a container's resources, as `docker stats` computes them. */
export interface ContainerSample {
  /** Milliseconds since the sampling started. */
  atMs: number;
  /** Memory in use: usage minus the inactive page cache (what `docker stats` shows). */
  memoryBytes: number;
  /** CPU over the last interval, in cores (1.5 = one and a half cores busy). */
  cpuCores: number;
}

export interface RunningContainer {
  id: string;
  name: string;
  image: string;
}

interface StatsFrame {
  memory_stats?: { usage?: number; stats?: Record<string, number> };
  cpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
}

/** `docker stats`' numbers from one frame of the engine's stats stream; null before the first CPU delta. */
export function sampleOf(frame: StatsFrame, atMs: number): ContainerSample | null {
  const mem = frame.memory_stats;
  if (!mem?.usage) return null;
  const inactive = mem.stats?.inactive_file ?? mem.stats?.total_inactive_file ?? 0;
  const cpu = frame.cpu_stats;
  const pre = frame.precpu_stats;
  const cpuDelta = (cpu?.cpu_usage?.total_usage ?? 0) - (pre?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu?.system_cpu_usage ?? 0) - (pre?.system_cpu_usage ?? 0);
  if (!pre?.system_cpu_usage || systemDelta <= 0) return null;
  return { atMs, memoryBytes: Math.max(0, mem.usage - inactive), cpuCores: (cpuDelta / systemDelta) * (cpu?.online_cpus ?? 1) };
}

/**
 * The container of the local engine that publishes `port` on the host for the IP family of `host`
 * (Docker may publish one ephemeral port number on IPv4 for one container and on IPv6 for another),
 * or null when none does (a deployment on another host, or no engine).
 */
export async function containerPublishing(host: string, port: number): Promise<RunningContainer | null> {
  const ipv6 = host.includes(':') || host === '[::1]';
  try {
    const client = await getContainerRuntimeClient();
    const found = (await client.container.list()).find((c) => c.Ports.some((p) => p.PublicPort === port && (p.IP ?? '').includes(':') === ipv6));
    return found ? { id: found.Id, name: (found.Names[0] ?? found.Id).replace(/^\//, ''), image: found.Image } : null;
  } catch {
    return null;
  }
}

/**
 * Samples a container from the engine's stats stream (one frame a second) until stop() is called.
 * Never throws: a stream that fails ends the samples, and `error` says why.
 */
export async function sampleContainer(id: string): Promise<{ stop(): { samples: ContainerSample[]; error?: string } }> {
  const samples: ContainerSample[] = [];
  let error: string | undefined;
  const started = performance.now();
  const client = await getContainerRuntimeClient();
  const stream = (await client.container.getById(id).stats({ stream: true })) as NodeJS.ReadableStream & { destroy?: () => void };
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.trim())) {
      try {
        const sample = sampleOf(JSON.parse(line) as StatsFrame, Math.round(performance.now() - started));
        if (sample) samples.push(sample);
      } catch (e) {
        error = `a stats frame did not parse: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
  });
  stream.on('error', (e: Error) => (error = e.message));
  return {
    stop() {
      stream.removeAllListeners('data');
      stream.destroy?.();
      return { samples: [...samples], error };
    },
  };
}

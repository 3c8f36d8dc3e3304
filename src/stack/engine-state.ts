import { getContainerRuntimeClient } from 'testcontainers';
import { RUN_ID_LABEL, SERVICE_LABEL } from './labels.js';

/** A container as the engine reports it. */
export interface EngineContainer {
  name: string;
  image: string;
  /** running, exited, paused, restarting, ... */
  state: string;
  status: string;
  service?: string;
  runId?: string;
}

/**
 * The container that publishes each host port (the reference stack's services are reached through
 * their published ports), or undefined when no container, running or not, publishes it.
 */
export async function containersPublishing(ports: number[]): Promise<Map<number, EngineContainer | undefined>> {
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const all = await dockerode.listContainers({ all: true, filters: { label: [RUN_ID_LABEL] } });
  return new Map(
    ports.map((port) => {
      // IPv4 only: Docker may publish a port on IPv6 under another host port, which can be this number.
      const c = all.find((x) => x.Ports.some((p) => p.PublicPort === port && !p.IP?.includes(':')));
      return [port, c && { name: (c.Names[0] ?? c.Id).replace(/^\//, ''), image: c.Image, state: c.State, status: c.Status, service: c.Labels?.[SERVICE_LABEL], runId: c.Labels?.[RUN_ID_LABEL] }];
    }),
  );
}

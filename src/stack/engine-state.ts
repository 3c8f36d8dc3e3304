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
 * The container of each service: the one that publishes its host port, or, when none does (a stopped
 * container publishes nothing), the container of the same run with the service's alias; undefined
 * when neither exists.
 */
export async function stackContainers(services: { port: number; alias: string }[]): Promise<EngineContainer[]> {
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const all = await dockerode.listContainers({ all: true, filters: { label: [RUN_ID_LABEL] } });
  const view = (c: (typeof all)[number]): EngineContainer => ({
    name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
    image: c.Image,
    state: c.State,
    status: c.Status,
    service: c.Labels?.[SERVICE_LABEL],
    runId: c.Labels?.[RUN_ID_LABEL],
  });
  // IPv4 only: Docker may publish a port on IPv6 under another host port, which can be this number.
  const byPort = services.map((s) => all.find((x) => x.Ports.some((p) => p.PublicPort === s.port && !p.IP?.includes(':'))));
  const runIds = new Set(byPort.map((c) => c?.Labels?.[RUN_ID_LABEL]).filter(Boolean));
  return services.map((s, i) => {
    const c = byPort[i] ?? all.find((x) => runIds.has(x.Labels?.[RUN_ID_LABEL]) && x.Labels?.[SERVICE_LABEL] === s.alias);
    return c ? view(c) : { name: '', image: '', state: 'absent', status: `no container publishes port ${s.port} or is ${s.alias} of this run` };
  });
}

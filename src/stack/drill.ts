import { createServer } from 'node:net';
import { getContainerRuntimeClient, type GenericContainer } from 'testcontainers';
import { RUN_ID_LABEL, SERVICE_LABEL } from './labels.js';

/** A container of a run's stack, found by its labels. */
export interface RunService {
  id: string;
  alias: string;
  /** Its labels (run id, pid of the run, host, service): a fresh container of the drill carries the same. */
  labels: Record<string, string>;
  network: string;
  image: string;
}

const docker = async () => (await getContainerRuntimeClient()).container.dockerode;

/** The running container that plays `alias` in run `runId`; throws naming what it looked for. */
export async function findService(runId: string, alias: string): Promise<RunService> {
  const list = await (await docker()).listContainers({ filters: { label: [`${RUN_ID_LABEL}=${runId}`, `${SERVICE_LABEL}=${alias}`], status: ['running'] } });
  const c = list[0];
  if (!c) throw new Error(`no running container with labels ${RUN_ID_LABEL}=${runId}, ${SERVICE_LABEL}=${alias}`);
  const network = Object.keys(c.NetworkSettings?.Networks ?? {}).find((n) => n !== 'bridge');
  if (!network) throw new Error(`container ${c.Id.slice(0, 12)} (${alias}) is on no user network`);
  return { id: c.Id, alias, labels: c.Labels ?? {}, network, image: c.Image };
}

/** `docker stop` with a grace period, then removal; the exit code says whether it stopped cleanly (0) or was killed. */
export async function stopAndRemove(id: string, graceSeconds: number): Promise<{ exitCode: number; ms: number }> {
  const d = await docker();
  const started = performance.now();
  const container = d.getContainer(id);
  await container.stop({ t: graceSeconds }).catch((e: unknown) => {
    if ((e as { statusCode?: number }).statusCode !== 304) throw e;
  });
  const { State } = await container.inspect();
  const ms = Math.round(performance.now() - started);
  await container.remove({ force: true, v: true });
  return { exitCode: State.ExitCode, ms };
}

/** Whether a container is running (false when it is gone). */
export async function isRunning(id: string): Promise<boolean> {
  return (await docker())
    .getContainer(id)
    .inspect()
    .then(
      (i) => i.State.Running,
      () => false,
    );
}

/** `docker restart`; Docker may publish the port on another host port afterwards: returns the new URL. */
export async function restart(id: string, port: number, graceSeconds: number): Promise<string> {
  const container = (await docker()).getContainer(id);
  await container.restart({ t: graceSeconds });
  return mappedUrl(id, port);
}

export async function mappedUrl(id: string, port: number): Promise<string> {
  const info = await (await docker()).getContainer(id).inspect();
  const binding = info.NetworkSettings.Ports?.[`${port}/tcp`]?.[0];
  if (!binding) throw new Error(`container ${id.slice(0, 12)} publishes no host port for ${port}/tcp`);
  return `http://127.0.0.1:${binding.HostPort}`;
}

/** The uid the image runs as (0 for root): files copied into its data directory must belong to it. */
export async function imageUid(image: string): Promise<number> {
  const user = (await (await docker()).getImage(image).inspect()).Config.User ?? '';
  if (!user || user === 'root' || user.startsWith('0')) return 0;
  return /^\d+/.test(user) ? Number(user.split(':')[0]) : 65534;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a fresh container in the place of `like`: same network, alias and labels (so the run's
 * cleanup removes it), its port pinned to one host port that survives a stop and start (a restore
 * script stops and starts it). Returns its id and URL.
 */
export async function startInPlaceOf(
  container: GenericContainer,
  like: Pick<RunService, 'alias' | 'labels' | 'network'>,
  port: number,
): Promise<{ id: string; url: string }> {
  const hostPort = await freePort();
  const started = await container
    .withNetworkMode(like.network)
    .withNetworkAliases(like.alias)
    .withLabels(like.labels)
    .withExposedPorts({ container: port, host: hostPort })
    .start();
  return { id: started.getId(), url: `http://127.0.0.1:${hostPort}` };
}

import type { IncomingMessage } from 'node:http';
import { getContainerRuntimeClient } from 'testcontainers';
import { RUN_ID_LABEL, SERVICE_LABEL } from './labels.js';

/** A container of a run as a secrets check sees it: its service and the names of its non-empty variables, never values. */
export interface RunContainer {
  id: string;
  service: string;
  /** Names of environment variables set to a non-empty value. */
  setVariables: Set<string>;
  /** Size in bytes of a file in the container; null when there is no such file. */
  fileSize(path: string): Promise<number | null>;
}

/** The running containers of `runId` (label io.checklist.run-id), read from the engine. */
export async function runContainers(runId: string): Promise<RunContainer[]> {
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const listed = await dockerode.listContainers({ filters: { label: [`${RUN_ID_LABEL}=${runId}`] } });
  return Promise.all(
    listed.map(async (c) => {
      const container = dockerode.getContainer(c.Id);
      const info = await container.inspect();
      const setVariables = new Set((info.Config.Env ?? []).filter((e) => /^[^=]+=.+/.test(e)).map((e) => e.slice(0, e.indexOf('='))));
      return {
        id: c.Id,
        service: c.Labels?.[SERVICE_LABEL] ?? '',
        setVariables,
        async fileSize(path: string) {
          // HEAD /containers/{id}/archive answers the file's stat in a header (404: no such file).
          let response: IncomingMessage;
          try {
            response = (await container.infoArchive({ path })) as IncomingMessage;
          } catch {
            return null;
          }
          response.resume();
          const header = response.headers['x-docker-container-path-stat'];
          if (typeof header !== 'string') return null;
          const stat = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as { size?: unknown };
          return typeof stat.size === 'number' ? stat.size : null;
        },
      };
    }),
  );
}

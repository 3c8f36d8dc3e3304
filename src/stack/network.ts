import { randomUUID } from 'node:crypto';
import { getContainerRuntimeClient, StartedNetwork } from 'testcontainers';
import { runLabels } from './labels.js';

/**
 * A bridge network for one run, labelled like its containers (testcontainers' `Network` cannot take labels, and the
 * labels are what lets `removeRunResources` and `reapOrphans` find it again).
 */
export async function startRunNetwork(runId: string): Promise<StartedNetwork> {
  const client = await getContainerRuntimeClient();
  const name = `checklist-${runId}-${randomUUID().slice(0, 8)}`;
  const network = await client.network.create({
    Name: name,
    CheckDuplicate: true,
    Driver: 'bridge',
    Internal: false,
    Attachable: false,
    Labels: { 'org.testcontainers': 'true', ...runLabels(runId) },
  });
  return new StartedNetwork(client, name, network);
}

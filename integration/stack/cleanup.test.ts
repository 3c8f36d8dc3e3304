import { execFileSync, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { getContainerRuntimeClient } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive, reapOrphans, removeRunResources } from '../../src/stack/cleanup.js';
import { HOST_LABEL, PID_LABEL, RUN_ID_LABEL } from '../../src/stack/labels.js';
import { startRunNetwork } from '../../src/stack/network.js';
import { assertImagesPresent, leftovers, newRunId, testImages } from './support.js';

/** The pid of a process that has exited (and been reaped), so nothing lives under it. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  const pid = Number(child.stdout);
  expect(isProcessAlive(pid)).toBe(false);
  return pid;
}

/** A created (never started) container with the given labels. */
async function createLabelled(labels: Record<string, string>): Promise<string> {
  const client = await getContainerRuntimeClient();
  const container = await client.container.dockerode.createContainer({ Image: testImages().receiver, Labels: labels });
  return container.id;
}

function exists(id: string): boolean {
  return (
    execFileSync('docker', ['ps', '-aq', '--no-trunc', '--filter', `id=${id}`], {
      encoding: 'utf8',
      timeout: 10_000,
    }).trim() !== ''
  );
}

describe('cleanup', { timeout: 60_000 }, () => {
  const created: string[] = [];
  const runIds: string[] = [];

  beforeAll(() => assertImagesPresent({ receiver: testImages().receiver }));

  afterAll(async () => {
    await Promise.all(runIds.map((id) => removeRunResources(id)));
  });

  it('removeRunResources removes the containers (any state) and networks of one run only', async () => {
    const mine = newRunId('cleanup-mine');
    const other = newRunId('cleanup-other');
    runIds.push(mine, other);
    const labels = (runId: string) => ({
      [RUN_ID_LABEL]: runId,
      [PID_LABEL]: String(process.pid),
      [HOST_LABEL]: hostname(),
    });
    await Promise.all([createLabelled(labels(mine)), createLabelled(labels(mine)), createLabelled(labels(other)), startRunNetwork(mine)]);
    expect(leftovers(mine).containers).toHaveLength(2);

    const removed = await removeRunResources(mine);
    expect(removed.containers).toHaveLength(2);
    expect(removed.networks).toHaveLength(1);
    expect(leftovers(mine)).toEqual({ containers: [], networks: [] });
    expect(leftovers(other).containers).toHaveLength(1);
    expect(await removeRunResources(mine)).toEqual({ containers: [], networks: [] });
  });

  it('reapOrphans removes what a dead process of this host left, and keeps live and foreign runs', async () => {
    const runId = newRunId('cleanup-reap');
    runIds.push(runId);
    const dead = deadPid();
    const orphan = await createLabelled({ [RUN_ID_LABEL]: runId, [PID_LABEL]: String(dead), [HOST_LABEL]: hostname() });
    const live = await createLabelled({
      [RUN_ID_LABEL]: runId,
      [PID_LABEL]: String(process.pid),
      [HOST_LABEL]: hostname(),
    });
    const foreign = await createLabelled({
      [RUN_ID_LABEL]: runId,
      [PID_LABEL]: String(dead),
      [HOST_LABEL]: 'another-machine',
    });
    created.push(orphan, live, foreign);

    const reaped = await reapOrphans();
    expect(reaped.containers).toContain(orphan);
    expect(reaped.pids).toContain(dead);
    expect(exists(orphan)).toBe(false);
    expect(exists(live)).toBe(true);
    expect(exists(foreign)).toBe(true);
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ItemBroken } from '../registry/errors.js';
import { exchange } from '../probes/http.js';
import { pollUntil } from '../probes/poll.js';

export interface LocalRegistry {
  /** host:port, on loopback (Docker pushes to 127.0.0.0/8 over plain HTTP). */
  address: string;
  /** Its configuration and storage, removed by stop(). */
  dir: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real Docker registry (Debian's docker-registry, distribution v2) on 127.0.0.1, its storage in a
 * temporary directory; stop() ends the process it started and removes the storage.
 */
export async function startLocalRegistry(binary = 'docker-registry', timeoutMs = 15_000): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'checklist-registry-'));
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log: { level: warn }',
      `storage: { filesystem: { rootdirectory: ${join(dir, 'data')} }, delete: { enabled: true } }`,
      `http: { addr: "${address}" }`,
      '',
    ].join('\n'),
  );
  const child = spawn(binary, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const spawnError = new Promise<string>((resolve) => child.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message)));
  const ready = pollUntil(
    async () => (child.exitCode !== null ? 0 : ((await exchange(`http://${address}/v2/`, { timeoutMs: 1_000 }).catch(() => null))?.status ?? 0)),
    (status) => status === 200 || child.exitCode !== null,
    { timeoutMs, intervalMs: 50 },
  );
  const outcome = await Promise.race([ready, spawnError]);
  if (typeof outcome === 'string' || !outcome.ok || child.exitCode !== null) {
    await stop();
    const why =
      typeof outcome === 'string'
        ? outcome === 'ENOENT'
          ? `${binary} is not installed (Debian package docker-registry; scripts/setup.sh installs it)`
          : outcome
        : `it did not answer GET /v2/ within ${timeoutMs} ms: ${stderr.trim().slice(-500)}`;
    throw new ItemBroken(`could not start a local registry on ${address}: ${why}`);
  }
  return { address, dir, stop };
}

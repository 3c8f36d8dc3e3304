import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startLocalRegistry } from '../../src/tools/registry-server.js';
import { exchange } from '../../src/probes/http.js';
import { tcpConnect } from '../../src/probes/tcp.js';

describe('the reference registry (Debian docker-registry on loopback)', () => {
  it('answers the Registry API v2 and is gone after stop(), process and storage', async () => {
    const registry = await startLocalRegistry();
    expect(existsSync(registry.dir)).toBe(true);
    expect((await exchange(`http://${registry.address}/v2/`, { timeoutMs: 2_000 })).status).toBe(200);
    const res = await exchange(`http://${registry.address}/v2/nothing/manifests/1`, { timeoutMs: 2_000 });
    expect(res.status).toBe(404);
    await registry.stop();
    expect(await tcpConnect(registry.address, 2_000)).toMatchObject({ ok: false, error: 'ECONNREFUSED' });
    expect(existsSync(registry.dir)).toBe(false);
  });

  it('a registry binary that does not exist is broken with the package to install', async () => {
    await expect(startLocalRegistry('docker-registry-not-here')).rejects.toThrow(/docker-registry-not-here is not installed \(Debian package docker-registry/);
  });
});

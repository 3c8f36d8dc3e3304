import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lbHealthFinding, resolveHost } from './network.js';
import { tcpConnect } from '../../probes/tcp.js';

/** PRE-4.3 and PRE-4.4 against a real HTTP server on loopback and the system resolver. */
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.statusCode = req.url === '/healthy' ? 200 : 503;
    res.end(req.url === '/healthy' ? 'ok' : 'no healthy backend');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

describe('ports, names and the load balancer', () => {
  it('an open port connects; a closed one is refused', async () => {
    expect(await tcpConnect(base.slice('http://'.length), 2_000)).toMatchObject({ ok: true });
    expect(await tcpConnect('127.0.0.1:9', 2_000)).toMatchObject({ ok: false, error: 'ECONNREFUSED' });
  });

  it('localhost resolves; a reserved .invalid name does not', async () => {
    expect((await resolveHost('localhost', 5_000)).addresses.length).toBeGreaterThan(0);
    expect(await resolveHost('monitoring.example.invalid', 5_000)).toMatchObject({ addresses: [], error: 'ENOTFOUND' });
  });

  it('the health URL passes on 2xx, fails on 503 and on no answer, saying what it saw', async () => {
    expect((await lbHealthFinding(`${base}/healthy`, 2_000)).finding).toBeUndefined();
    expect((await lbHealthFinding(`${base}/down`, 2_000)).finding?.found).toBe('503: no healthy backend');
    expect((await lbHealthFinding('http://127.0.0.1:9/health', 2_000)).finding?.found).toMatch(/got no answer.*ECONNREFUSED/);
  });
});

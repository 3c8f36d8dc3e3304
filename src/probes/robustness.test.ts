// Every way a part can misbehave ends a probe quickly as ItemBroken naming the URL and the cause:
// a closed port, a wrong host, a server that accepts and never answers, one that answers garbage,
// a TLS error, a 401. (Items built on the probes inherit this; the run goes on with the others.)
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from './prometheus.js';
import { GrafanaClient } from './grafana.js';
import { AlertmanagerClient } from './alertmanager.js';
import { ItemBroken } from '../registry/errors.js';

const TIMEOUT_MS = 1_000;
let hang: NetServer;
let garbage: Server;
let unauthorized: Server;
let closedPort: number;
const port = (s: Server | NetServer) => (s.address() as { port: number }).port;
const listen = (s: Server | NetServer) => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));

beforeAll(async () => {
  hang = createNetServer(() => undefined); // accepts, never answers
  garbage = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json'));
  unauthorized = createServer((_, res) => res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Unauthorized"}'));
  const probe = createNetServer();
  await Promise.all([listen(hang), listen(garbage), listen(unauthorized), listen(probe)]);
  closedPort = port(probe);
  await new Promise<void>((r) => probe.close(() => r()));
});
afterAll(() => {
  hang.close();
  garbage.close();
  unauthorized.close();
});

async function outcome(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await call();
    return { error: undefined, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

describe('probes against misbehaving parts', () => {
  const cases: [string, () => string][] = [
    ['a closed port', () => `http://127.0.0.1:${closedPort}`],
    ['a wrong host', () => 'http://no-such-host.invalid:9090'],
    ['a server that never answers', () => `http://127.0.0.1:${port(hang)}`],
    ['a server that answers garbage', () => `http://127.0.0.1:${port(garbage)}`],
    ['a TLS error (https to a plain HTTP server)', () => `https://127.0.0.1:${port(garbage)}`],
    ['a 401', () => `http://127.0.0.1:${port(unauthorized)}`],
  ];

  it.each(cases)('%s: broken within the timeout, naming the URL', async (_, url) => {
    const base = url();
    const { error, ms } = await outcome(() => new PrometheusClient(base, TIMEOUT_MS).targets());
    expect(error).toBeInstanceOf(ItemBroken);
    expect((error as Error).message).toContain(base.replace(/^https?:\/\//, ''));
    expect(ms).toBeLessThan(TIMEOUT_MS + 2_000);
  });

  it('Alertmanager and Grafana clients behave the same', async () => {
    const base = `http://127.0.0.1:${port(hang)}`;
    for (const call of [() => new AlertmanagerClient(base, TIMEOUT_MS).status(), () => new GrafanaClient(base, 'admin', 'secret-pass', TIMEOUT_MS).search()]) {
      const { error, ms } = await outcome(call);
      expect(error).toBeInstanceOf(ItemBroken);
      expect(ms).toBeLessThan(TIMEOUT_MS + 2_000);
    }
  });
});

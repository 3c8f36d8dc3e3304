// Grafana locks an account after repeated failed logins: a probe with a wrong password must ask once
// per call and never retry. Counted against a local server that answers 401 like Grafana.
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GrafanaClient } from './grafana.js';

let requests = 0;
const server = createServer((_, res) => {
  requests++;
  res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"invalid username or password"}');
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => server.close());

describe('a wrong Grafana password', () => {
  it('costs exactly one login attempt per call: no retry loop', async () => {
    const client = new GrafanaClient(url, 'admin', 'wrong-password', 1_000);
    const answers = await Promise.all([client.search(), client.dashboard('x'), client.datasources()]);
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401]);
    expect(requests).toBe(3);
  });
});

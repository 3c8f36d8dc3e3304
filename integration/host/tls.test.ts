import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:tls';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectTls, tlsFindings, trustedCas } from '../../src/harness/host/tls.js';
import { formatFinding } from '../../src/registry/errors.js';
import { runCli } from '../faults/harness.js';
import { makeCert, type Pem } from './certs.js';

/**
 * PRE-4.5 against real TLS servers this test starts on 127.0.0.1 with certificates it generates: a
 * good one from a local CA the check is told to trust (TLS_CA_FILE), and each way a certificate can
 * be wrong. Each must come out as it should, through the functions and through the item itself.
 */
const ca = makeCert({ cn: 'Checklist Test CA', toDays: 365, ca: true });
const strangerCa = makeCert({ cn: 'Unknown CA', toDays: 365, ca: true });
const leaf = (toDays: number, extra: { fromDays?: number; ips?: string[]; dns?: string[]; issuer?: Pem } = {}) =>
  makeCert({ cn: 'checklist.test', ips: ['127.0.0.1'], toDays, issuer: ca, ...extra });

const CASES: Record<string, { pem: Pem; expect: RegExp | null }> = {
  good: { pem: leaf(200), expect: null },
  selfSigned: { pem: makeCert({ cn: 'checklist.test', ips: ['127.0.0.1'], toDays: 200 }), expect: /a self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)/ },
  expired: { pem: leaf(-1, { fromDays: -60 }), expect: /a certificate that has not expired, but found expired 1 day\(s\) ago/ },
  nearExpiry: { pem: leaf(10), expect: /at least 30 days of validity left \(TLS_MIN_DAYS\), but found (9|10) day\(s\) left/ },
  wrongHost: {
    pem: leaf(200, { ips: [], dns: ['other.example'] }),
    expect: /a certificate for 127\.0\.0\.1, but found .*IP: 127\.0\.0\.1 is not in the cert's list.*names: DNS:other\.example/,
  },
  untrustedChain: {
    pem: leaf(200, { issuer: strangerCa }),
    expect: /a chain that verifies against the trusted CAs, but found UNABLE_TO_VERIFY_LEAF_SIGNATURE/,
  },
};

const servers: Server[] = [];
const urls: Record<string, string> = {};
let dir: string;
let caFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'checklist-tls-'));
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.cert);
  for (const [name, c] of Object.entries(CASES)) {
    const server = createServer({ key: c.pem.key, cert: c.pem.cert }, (socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    urls[name] = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  }
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

describe('PRE-4.5 TLS certificate checks', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: ${c.expect ? 'a finding' : 'no finding'}`, async () => {
      const report = await inspectTls(urls[name]!, trustedCas(caFile), 5_000);
      const text = tlsFindings(report, 30).map(formatFinding).join('\n');
      if (c.expect) expect(text).toMatch(c.expect);
      else expect(text).toBe('');
    });
  }

  it('the good certificate is not trusted without TLS_CA_FILE (the system CAs only)', async () => {
    const text = tlsFindings(await inspectTls(urls.good!, trustedCas(null), 5_000), 30)
      .map(formatFinding)
      .join('\n');
    expect(text).toMatch(/a chain that verifies against the trusted CAs, but found UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
  });

  it('a port that speaks no TLS is broken, not failed', async () => {
    await expect(inspectTls('https://127.0.0.1:9', trustedCas(null), 2_000)).rejects.toThrow(/no TLS handshake with https:\/\/127\.0\.0\.1:9: ECONNREFUSED/);
  });

  it('the item, run by the CLI against an env file naming every endpoint: failed, one finding per bad endpoint, none for the good one', async () => {
    const envFile = join(dir, 'tls.env');
    const nowhere = 'http://127.0.0.1:9';
    writeFileSync(
      envFile,
      [
        `APP_URL=${nowhere}`,
        `PROMETHEUS_URL=${nowhere}`,
        `ALERTMANAGER_URL=${nowhere}`,
        `GRAFANA_URL=${nowhere}`,
        'GRAFANA_PASSWORD=not-used-here',
        `REPO_DIR=${resolve('.')}`,
        `MONITORING_DIR=${resolve('monitoring')}`,
        `TLS_CA_FILE=${caFile}`,
        `TLS_ENDPOINTS=${Object.values(urls).join(',')}`,
        '',
      ].join('\n'),
    );
    const run = await runCli(['--env-file', envFile, '--item', 'PRE-4.5'], { timeoutMs: 60_000 });
    const result = run.signoff().items.find((i) => i.id === 'PRE-4.5');
    expect(result?.status, run.stderr.slice(-2000)).toBe('failed');
    for (const [name, c] of Object.entries(CASES)) {
      if (c.expect) expect(result?.message).toMatch(new RegExp(`${c.expect.source}[^]*?Where: ${urls[name]!.replace(/[.]/g, '\\.')} `));
      else expect(result?.message).not.toContain(`Where: ${urls[name]} `);
    }
    rmSync(run.reportsDir, { recursive: true, force: true });
  });
});

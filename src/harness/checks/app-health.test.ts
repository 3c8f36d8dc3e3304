import { describe, expect, it } from 'vitest';
import { healthFinding, unhealthyComponents, versionFinding } from './app-health.js';
import type { HttpExchange } from '../../probes/http.js';

const res = (status: number, body: unknown): HttpExchange => ({
  method: 'GET',
  url: 'http://app/health',
  status,
  headers: {},
  body: JSON.stringify(body),
  elapsedMs: 1,
});

describe('application health and version', () => {
  it('names the unhealthy component of common health bodies', () => {
    expect(unhealthyComponents(JSON.stringify({ status: 'error', components: { store: 'error', pool: 'ok' }, details: { store: 'not writable' } }))).toEqual([
      'store: error (not writable)',
    ]);
    expect(unhealthyComponents(JSON.stringify({ status: 'DOWN', components: { db: { status: 'DOWN' }, disk: { status: 'UP' } } }))).toEqual(['db: DOWN']);
    expect(unhealthyComponents(JSON.stringify({ checks: [{ name: 'redis', status: 'fail' }] }))).toEqual(['redis: fail']);
  });

  it('passes a healthy body and fails a 503 naming the component', () => {
    expect(healthFinding(res(200, { status: 'ok', components: { store: 'ok' } }))).toBeUndefined();
    expect(healthFinding(res(503, { status: 'error', components: { store: 'error' } }))?.found).toMatch(/503 status "error"; unhealthy: store: error/);
  });

  it('compares the reported versions with the expected one', () => {
    expect(versionFinding({ version: 'v1.0.0', source: 'APP_VERSION' }, [{ source: 'health', version: '1.0.0' }], 'w')).toBeUndefined();
    expect(versionFinding({ version: '1.1.0', source: 'APP_VERSION' }, [{ source: 'health', version: '1.0.0' }], 'w')?.found).toBe('1.0.0 from health');
    expect(versionFinding({ version: '1.1.0', source: 'APP_VERSION' }, [], 'w')?.found).toMatch(/no "version"/);
  });
});

import { describe, expect, it } from 'vitest';
import type { Target } from '../deployment/target.js';
import { followMoves } from './current-target.js';

const part = (port: number) => ({ url: `http://127.0.0.1:${port}` });
const target = (app: number, prometheus: number, uptime: string, extra: Record<string, unknown> = {}) =>
  ({
    app: { ...part(app), mcpUrl: `http://127.0.0.1:${app}/mcp` },
    prometheus: part(prometheus),
    alertmanager: part(9093),
    grafana: part(3000),
    integrations: { uptimeCheckUrl: uptime },
    ...extra,
  }) as unknown as Target;

describe('followMoves: a part a drill moved is moved everywhere the target names it', () => {
  it('rewrites a URL derived from the old address (the uptime check of the restarted application)', () => {
    const prev = target(32768, 9090, 'http://127.0.0.1:32768/health');
    const next = target(32771, 9090, 'http://127.0.0.1:32768/health');
    expect(followMoves(prev, next).integrations.uptimeCheckUrl).toBe('http://127.0.0.1:32771/health');
  });

  it('moves all parts at once: a part that took the port another one left is not moved twice', () => {
    const prev = target(32768, 32770, 'http://127.0.0.1:32768/health', { links: ['http://127.0.0.1:32770/graph'] });
    const next = target(32770, 32775, 'http://127.0.0.1:32768/health', { links: ['http://127.0.0.1:32770/graph'] });
    const moved = followMoves(prev, next) as Target & { links: string[] };
    expect(moved.app.url).toBe('http://127.0.0.1:32770');
    expect(moved.prometheus.url).toBe('http://127.0.0.1:32775');
    expect(moved.integrations.uptimeCheckUrl).toBe('http://127.0.0.1:32770/health');
    expect(moved.links).toEqual(['http://127.0.0.1:32775/graph']);
  });

  it('leaves what the drill set, another port that shares the prefix, and an unmoved target alone', () => {
    const prev = target(3276, 9090, 'http://127.0.0.1:32768/health');
    const next = target(3277, 9090, 'http://127.0.0.1:32768/health');
    expect(followMoves(prev, next).integrations.uptimeCheckUrl).toBe('http://127.0.0.1:32768/health');
    expect(followMoves(prev, prev)).toBe(prev);
  });
});

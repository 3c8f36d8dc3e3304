import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appServices, imageName, parseBytes, parseCpus, serviceLimits, withDefaults } from './compose-limits.js';

describe('compose resource limits', () => {
  it('parses compose byte values and cpus', () => {
    expect(parseBytes('1G')).toBe(1024 ** 3);
    expect(parseBytes('512m')).toBe(512 * 1024 ** 2);
    expect(parseBytes('1.5gb')).toBe(1.5 * 1024 ** 3);
    expect(parseBytes('${MEM:-256M}')).toBe(256 * 1024 ** 2);
    expect(parseBytes('lots')).toBeNull();
    expect(parseCpus('0.5')).toBe(0.5);
    expect(parseCpus('${CPUS}')).toBeNull();
  });

  it('resolves defaults and image names', () => {
    expect(withDefaults('${APP_IMAGE:-mcp-memory-server:${VERSION:-1.0.0}}')).toBe('mcp-memory-server:1.0.0');
    expect(imageName('registry.example.com:5000/team/mcp-memory-server:1.0.0')).toBe('mcp-memory-server');
    expect(imageName('prom/prometheus@sha256:abc')).toBe('prometheus');
  });

  it('finds every service of the repository limited, and the application by job or image', () => {
    const all = serviceLimits(resolve('.'));
    expect(all.filter((s) => s.memoryBytes === null || s.cpus === null)).toEqual([]);
    const app = appServices(all, { service: null, job: 'not-the-job', runningImage: 'mcp-memory-server:1.0.0' });
    expect(app.map((s) => `${s.file}#${s.service}`)).toEqual([
      'monitoring/docker-compose.prod.yml#mcp-memory-server',
      'monitoring/docker-compose.yml#mcp-memory-server',
    ]);
    expect(app.every((s) => s.memoryBytes === 1024 ** 3 && s.cpus === 2)).toBe(true);
  });
});

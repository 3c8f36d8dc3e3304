import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bindMounts, discoverComposeFiles, interpolate, readCompose } from './compose.js';
import { composeFindings, roleFindings } from './check.js';
import { formatFinding } from '../../registry/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'checklist-compose-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return readCompose(join(dir, name));
};
const messages = (name: string, text: string) => composeFindings(write(name, text), dir, 'prod|monitoring').map(formatFinding).join('\n');

describe('compose interpolation', () => {
  it('resolves defaults, nested defaults, set variables and $$', () => {
    expect(interpolate('${APP_IMAGE:-app:${VERSION:-1.0.0}}')).toBe('app:1.0.0');
    expect(interpolate('${VERSION:-1.0.0}', { VERSION: '2' })).toBe('2');
    expect(interpolate('${A-x}${B:-y}', { A: '', B: '' })).toBe('y');
    expect(interpolate('$$HOME ${X:?required}')).toBe('$HOME ');
  });
});

describe('compose files', () => {
  it('finds the bind mounts of short and long syntax, with the service user', () => {
    const c = write(
      'docker-compose.prod.yml',
      'services:\n  app:\n    image: a\n    user: "${UID:-1000}:1000"\n    volumes:\n      - ${DATA:-/var/app}:/data\n      - named:/x\n      - { type: bind, source: ./conf, target: /conf }\nvolumes: { named: {} }\n',
    );
    expect(bindMounts(c).map((m) => [m.service, m.source, m.user, m.readOnly])).toEqual([
      ['app', '/var/app', '1000:1000', false],
      ['app', './conf', '1000:1000', false],
    ]);
  });

  it('reports YAML errors, schema errors with their path, missing files, and production services without limits', () => {
    expect(messages('bad.yml', 'services: [\n')).toMatch(/a compose file that parses as YAML/);
    expect(messages('compose.dev.yml', 'services:\n  app:\n    image: a\n    imgae: b\n    volumes: [./missing.conf:/etc/x]\n')).toMatch(
      /valid against the Compose specification, but found \/services\/app must NOT have additional properties \(imgae\)[^]*Expected service app volume \.\/missing\.conf to exist, but found no missing\.conf/,
    );
    expect(messages('compose.local.yml', 'services:\n  app:\n    image: a\n    volumes: [./data:/data, ./conf:/etc/x:ro]\n')).toBe(
      'Expected service app volume ./conf to exist, but found no conf.\nWhere: compose.local.yml\nHint: commit the file, or fix the path (relative to the compose file)',
    );
    expect(messages('docker-compose.prod.yml', 'services:\n  app:\n    image: a\n    deploy: { resources: { limits: { memory: 1G } } }\n')).toMatch(
      /production service app to set memory and CPU limits, but found no cpus limit/,
    );
    expect(messages('docker-compose.monitoring.yml', 'services:\n  prom:\n    image: p\n    mem_limit: 1g\n    cpus: 1\n')).toBe('');
    expect(messages('compose.yaml', 'name: x\n')).toMatch(/at least one named service, but found no services/);
  });

  it('this repository has its development, production and monitoring files, all without findings', () => {
    const files = discoverComposeFiles(resolve('.')).map(readCompose);
    expect(files.map((f) => f.file.slice(resolve('.').length + 1))).toEqual([
      'monitoring/docker-compose.monitoring.yml',
      'monitoring/docker-compose.prod.yml',
      'monitoring/docker-compose.yml',
    ]);
    expect([...roleFindings(files, resolve('.'), 'prod|monitoring'), ...files.flatMap((f) => composeFindings(f, resolve('.'), 'prod|monitoring'))]).toEqual([]);
    expect(roleFindings(files.slice(1, 2), resolve('.'), 'prod|monitoring').map((f) => f.expected)).toEqual([
      'a development compose file (a name not matching COMPOSE_PRODUCTION_PATTERN)',
      'a production compose file running the monitoring stack (Prometheus, Alertmanager, Grafana)',
    ]);
  });
});

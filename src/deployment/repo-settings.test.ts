import { describe, expect, it } from 'vitest';
import { buildTarget } from './load.js';
import { TargetConfigError } from './load.js';

const base = {
  APP_URL: 'http://127.0.0.1:1',
  PROMETHEUS_URL: 'http://127.0.0.1:2',
  ALERTMANAGER_URL: 'http://127.0.0.1:3',
  GRAFANA_URL: 'http://127.0.0.1:4',
  GRAFANA_PASSWORD: 'secret-long',
  MONITORING_DIR: '.',
};
const target = (extra: Record<string, string>) => buildTarget({ ...base, ...extra }, { mode: 'external', baseDir: process.cwd(), source: 'test' });

describe('repository settings', () => {
  it("defaults: commands from the target kind, coverage 85 % of lines, the seed's secrets", () => {
    const t = target({});
    expect(t.code.commands.unit).toEqual({ kind: 'default' });
    expect(t.code.coverage).toEqual({ threshold: 85, metric: 'lines' });
    expect(t.config.secrets).toEqual(['GRAFANA_PASSWORD', 'SLACK_WEBHOOK_URL', 'REDIS_PASSWORD']);
    expect(t.docs.list).toBeNull();
  });
  it('reads commands, none, document pairs and lists', () => {
    const t = target({ UNIT_TEST_COMMAND: 'make test', LINT_COMMAND: 'none', DOCS: 'README=README.md, Runbook=ops/run.md', COMPOSE_FILES: 'a.yml,b.yml' });
    expect(t.code.commands.unit).toEqual({ kind: 'command', line: 'make test' });
    expect(t.code.commands.lint).toEqual({ kind: 'none' });
    expect(t.docs.list).toEqual([
      { name: 'README', path: 'README.md' },
      { name: 'Runbook', path: 'ops/run.md' },
    ]);
    expect(t.config.composeFiles).toEqual(['a.yml', 'b.yml']);
  });
  it('rejects bad values with an example', () => {
    expect(() => target({ DOCS: 'README', COVERAGE_THRESHOLD: '101' })).toThrow(TargetConfigError);
    try {
      target({ DOCS: 'README', COVERAGE_THRESHOLD: '101' });
    } catch (error) {
      expect((error as TargetConfigError).problems).toEqual([
        expect.stringMatching(/^COVERAGE_THRESHOLD: must be between 0 and 100/),
        expect.stringMatching(/^DOCS: must be Name=path pairs/),
      ]);
    }
  });
});

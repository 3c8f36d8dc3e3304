import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../faults/harness.js';
import { startAdvisoryServer } from './advisory-server.js';

/**
 * PRE-1 and PRE-3 against a repository named in an env file (external mode), with parts these
 * machines otherwise lack: the real `npm audit` asks a local advisory registry, which reports a
 * critical advisory; the deployment's secrets file lacks the Slack webhook its Alertmanager needs.
 */
const SECRET_VALUE = 'canary-grafana-password-7f3a91';
const LOCK = {
  name: 'external-target',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'external-target', version: '1.0.0', dependencies: { 'left-pad': '1.3.0' } },
    'node_modules/left-pad': {
      version: '1.3.0',
      resolved: 'http://127.0.0.1/left-pad-1.3.0.tgz',
      integrity: 'sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQEQl8k2+QjnDuJN5gv8URfWDBT1kHJ3ulTOGlrXvzjgrNw==',
    },
  },
};

describe('repository items against an external target', () => {
  let dir: string;
  let run: CliRun;
  let requests: string[];
  let close: () => Promise<void>;

  beforeAll(async () => {
    const registry = await startAdvisoryServer({
      'left-pad': { severity: 'critical', title: 'Prototype pollution (test advisory)', vulnerable_versions: '<2.0.0', versions: ['1.3.0'] },
    });
    requests = registry.requests;
    close = registry.close;
    dir = mkdtempSync(join(tmpdir(), 'external-repo-'));
    mkdirSync(join(dir, 'monitoring'));
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'external-target', version: '1.0.0', private: true, scripts: { build: 'true' }, dependencies: { 'left-pad': '1.3.0' } }),
    );
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(LOCK));
    writeFileSync(
      join(dir, 'monitoring/alertmanager.yml'),
      'route: { receiver: team }\nreceivers:\n  - name: team\n    slack_configs: [{ api_url_file: /run/secrets/slack, channel: "#ops" }]\n',
    );
    writeFileSync(
      join(dir, 'docker-compose.yml'),
      'services:\n  grafana:\n    image: grafana/grafana\n    environment: { GF_SECURITY_ADMIN_PASSWORD: "${GRAFANA_PASSWORD:?}" }\n',
    );
    writeFileSync(join(dir, 'prod.env'), `GRAFANA_PASSWORD=${SECRET_VALUE}\n`);
    writeFileSync(
      join(dir, '.env'),
      [
        'APP_URL=http://127.0.0.1:9',
        'PROMETHEUS_URL=http://127.0.0.1:9',
        'ALERTMANAGER_URL=http://127.0.0.1:9',
        'GRAFANA_URL=http://127.0.0.1:9',
        'GRAFANA_PASSWORD=not-used-here',
        `AUDIT_COMMAND=npm audit --json --registry=${registry.url}`,
        'SECRETS_ENV_FILE=prod.env',
        '',
      ].join('\n'),
    );
    run = await runCli(['--env-file', join(dir, '.env'), '--item', 'PRE-1.1', '--item', 'PRE-1.6', '--item', 'PRE-3.3'], { timeoutMs: 120_000 });
  }, 150_000);

  afterAll(async () => {
    await close?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const item = (id: string) => run.signoff().items.find((i) => i.id === id);

  it('PRE-1.6 fails on a critical advisory that the real npm audit reports', () => {
    expect(
      requests.some((r) => r.startsWith('POST /-/npm/v1/security/advisories/bulk')),
      run.stderr.slice(-2000),
    ).toBe(true);
    expect(item('PRE-1.6')?.status, item('PRE-1.6')?.message).toBe('failed');
    expect(item('PRE-1.6')?.message).toMatch(/Expected no high or critical vulnerability, but found 1 critical, 0 high \(npm audit\): left-pad \(critical\)/);
  });

  it('PRE-1.1 is not applicable when no unit-test command is configured and package.json has none', () => {
    expect(item('PRE-1.1')?.status).toBe('skipped');
    expect(item('PRE-1.1')?.message).toMatch(/not-configured.*UNIT_TEST_COMMAND is not set.*test:unit, unit, test/);
  });

  it('PRE-3.3 reports the Slack webhook absent from SECRETS_ENV_FILE, and no secret value anywhere', () => {
    expect(item('PRE-3.3')?.status, item('PRE-3.3')?.message).toBe('failed');
    expect(item('PRE-3.3')?.message).toMatch(
      /Expected the secret SLACK_WEBHOOK_URL in the deployment's environment \(Alertmanager \(alertmanager\.yml\) notifies Slack: team\), but found absent/,
    );
    expect(item('PRE-3.3')?.message).not.toMatch(/GRAFANA_PASSWORD/);
    expect(`${run.stdout}${run.stderr}${JSON.stringify(run.signoff())}`).not.toContain(SECRET_VALUE);
  });
});

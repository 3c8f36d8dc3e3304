import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExternalTarget, TargetConfigError } from './load.js';

function envFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'target-'));
  mkdirSync(join(dir, 'monitoring'));
  const file = join(dir, '.env');
  writeFileSync(file, text);
  return file;
}

const GOOD = `# an existing deployment
APP_URL=http://localhost:8080
PROMETHEUS_URL=http://localhost:9090/
ALERTMANAGER_URL=http://localhost:9093
GRAFANA_URL=http://localhost:3000
GRAFANA_PASSWORD=s3cret-canary-value
`;

function problemsOf(text: string): string[] {
  try {
    loadExternalTarget(envFile(text));
  } catch (error) {
    if (error instanceof TargetConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadExternalTarget', () => {
  it('reads a good file into an external target with defaults', () => {
    const target = loadExternalTarget(envFile(GOOD));
    expect(target.mode).toBe('external');
    expect(target.prometheus.url).toBe('http://localhost:9090');
    expect(target.app.mcpUrl).toBe('http://localhost:8080/mcp');
    expect(target.grafana).toMatchObject({ user: 'admin', dashboardUid: 'journal-overview' });
    expect(target.receiver).toBeNull();
  });

  it('names every missing required variable with an example', () => {
    const problems = problemsOf('APP_URL=http://localhost:8080\n');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PROMETHEUS_URL: required \(example: http:\/\/localhost:9090\)/),
        expect.stringMatching(/^ALERTMANAGER_URL: required/),
        expect.stringMatching(/^GRAFANA_URL: required/),
        expect.stringMatching(/^GRAFANA_PASSWORD: required/),
      ]),
    );
  });

  it('rejects malformed lines, bad URLs, credentials in URLs and typos, one line each', () => {
    const problems = problemsOf(
      `${GOOD.replace('http://localhost:9093', 'localhost:9093').replace('http://localhost:3000', 'http://admin:pw@localhost:3000')}this is not a line\nPROMETHEUS_URLL=x\nHTTP_TIMEOUT_MS=soon\n`,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'line 7: is not KEY=value (example: PROMETHEUS_URL=http://localhost:9090)',
        'PROMETHEUS_URLL: unknown variable; did you mean PROMETHEUS_URL?',
        expect.stringMatching(/^ALERTMANAGER_URL: must start with http/),
        expect.stringMatching(/^GRAFANA_URL: must not carry credentials/),
        expect.stringMatching(/^HTTP_TIMEOUT_MS: must be a whole number/),
      ]),
    );
  });

  it('never puts the password in its error', () => {
    try {
      loadExternalTarget(envFile(GOOD.replace('http://localhost:9090/', 'nope')));
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('s3cret-canary-value');
    }
  });

  it('says so when the file does not exist', () => {
    expect(() => loadExternalTarget('/nonexistent/.env')).toThrow(/the file does not exist/);
  });
});

describe('PRE-9 and PRE-10 settings', () => {
  it('takes the profile ci by default, release from the run, and rate and duration overrides', () => {
    expect(loadExternalTarget(envFile(GOOD)).loadTest).toEqual({ profile: 'ci', rate: 1000, durationS: 10, connections: 20 });
    expect(loadExternalTarget(envFile(GOOD), { CHECKLIST_PROFILE: 'release' }).loadTest).toMatchObject({ profile: 'release', rate: 1000, durationS: 300 });
    expect(loadExternalTarget(envFile(`${GOOD}LOAD_TEST_RATE=200\nLOAD_TEST_DURATION_S=5\n`)).loadTest).toMatchObject({ rate: 200, durationS: 5 });
    expect(problemsOf(`${GOOD}CHECKLIST_PROFILE=nightly\nSMTP_SMARTHOST=relay\n`)).toEqual([
      expect.stringMatching(/^SMTP_SMARTHOST: must be host:port/),
      expect.stringMatching(/^CHECKLIST_PROFILE: must be ci or release/),
    ]);
  });

  it('masks the Slack webhook and the SMTP password', async () => {
    const { redact } = await import('../secrets/redact.js');
    const target = loadExternalTarget(
      envFile(`${GOOD}SLACK_WEBHOOK_URL=${['https://hooks.slack.com/services', 'T1', 'B2', 'canary'].join('/')}\nSMTP_AUTH_PASSWORD=smtp-canary\n`),
    );
    expect(target.integrations).toMatchObject({ smtpSmarthost: null, uptimeCheckUrl: null });
    expect(redact(`${target.integrations.slackWebhookUrl} smtp-canary`)).toBe('*** ***');
  });
});

describe('.env.example', () => {
  it('documents every variable the schema knows, and marks the required ones', async () => {
    const { KNOWN_VARIABLES } = await import('./schema.js');
    const text = readFileSync('.env.example', 'utf8');
    for (const name of KNOWN_VARIABLES) expect(text).toMatch(new RegExp(`^${name}=`, 'm'));
    for (const name of ['APP_URL', 'PROMETHEUS_URL', 'ALERTMANAGER_URL', 'GRAFANA_URL', 'GRAFANA_PASSWORD']) {
      expect(text).toMatch(new RegExp(`# REQUIRED[^\\n]*\\n${name}=`));
    }
  });

  it('is rejected as it stands only for the missing password', () => {
    expect(problemsOf(readFileSync('.env.example', 'utf8'))).toEqual([expect.stringMatching(/^GRAFANA_PASSWORD: required/)]);
  });
});

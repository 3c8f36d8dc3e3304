import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envFileFor, startTestStack } from '../support/environment.js';
import type { Target } from '../../src/deployment/target.js';
import { ITEMS } from '../../src/registry/registry.js';
import { leftovers, runCli } from '../faults/harness.js';
import { everyOutput } from '../pre/outputs.js';

/**
 * The whole checklist with a canary value for every secret it is given (the Grafana password, the
 * Slack webhook URL, the SMTP password, the Redis password, an API key): none of them appears in any
 * output, not on the console of the CLI or its runners, not in the sign-off (md, json, html), the
 * Allure results and attachments, the Allure HTML report, the JUnit XML or the run's records.
 */
describe('secrets never leave the run', () => {
  let target: Target;
  let stop: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    ({ target, stop } = await startTestStack());
  }, 180_000);
  afterAll(async () => stop());

  it('no canary appears in any output of a full run', async () => {
    const canary = (name: string) => `canary-${name}-${randomBytes(9).toString('hex')}`;
    const slackToken = canary('slack');
    const secrets = {
      GRAFANA_PASSWORD: target.grafana.password,
      SLACK_WEBHOOK_URL: `${target.receiver!.url}/slack?token=${slackToken}`,
      SMTP_AUTH_PASSWORD: canary('smtp'),
      REDIS_PASSWORD: canary('redis'),
      MCP_API_KEY: canary('apikey'),
    };
    const secretsFile = join(mkdtempSync(join(tmpdir(), 'canary-secrets-')), 'secrets.env');
    writeFileSync(secretsFile, `REDIS_PASSWORD=${secrets.REDIS_PASSWORD}\nMCP_API_KEY=${secrets.MCP_API_KEY}\nGRAFANA_PASSWORD=${secrets.GRAFANA_PASSWORD}\n`);
    const file = envFileFor(target, [
      `REPO_DIR=${resolve('.')}`,
      'ATTESTATIONS_FILE=attestations.sample.yaml',
      'ATTESTATION_MAX_AGE_DAYS=3650',
      `RECEIVER_URL=${target.receiver!.url}`,
      `SLACK_WEBHOOK_URL=${secrets.SLACK_WEBHOOK_URL}`,
      `SMTP_AUTH_PASSWORD=${secrets.SMTP_AUTH_PASSWORD}`,
      `SECRETS_ENV_FILE=${secretsFile}`,
      'SECRETS=GRAFANA_PASSWORD,SLACK_WEBHOOK_URL,REDIS_PASSWORD,MCP_API_KEY',
      'LOAD_TEST_DURATION_S=2',
    ]);
    // Every item but the slow repository commands (PRE-1: the target's own test suites).
    const ids = ITEMS.filter((i) => !i.id.startsWith('PRE-1.')).map((i) => i.id);
    const run = await runCli(['--env-file', file, ...ids.flatMap((id) => ['--item', id])], { report: true, timeoutMs: 540_000 });
    expect(run.exitCode === 0 || run.exitCode === 1, run.stderr.slice(-2000)).toBe(true);
    const fragments = [secrets.GRAFANA_PASSWORD, slackToken, secrets.SMTP_AUTH_PASSWORD, secrets.REDIS_PASSWORD, secrets.MCP_API_KEY];
    const outputs = everyOutput(run);
    expect(
      outputs.some((o) => o.source.endsWith('index.html')),
      'the Allure HTML report was rendered',
    ).toBe(true);
    expect(
      outputs.some((o) => o.source.endsWith('.xml')),
      'JUnit XML was written',
    ).toBe(true);
    const leaks = outputs.flatMap((o) =>
      fragments.filter((f) => o.text.includes(f) || o.text.includes(Buffer.from(f).toString('base64'))).map((f) => `${o.source}: ${f.slice(0, 14)}...`),
    );
    expect(leaks, 'outputs that contain a secret').toEqual([]);
    expect(leftovers(run.runId!)).toEqual([]);
  }, 600_000);
});

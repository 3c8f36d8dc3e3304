import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envFileFor, startTestStack } from '../support/environment.js';
import type { Target } from '../../src/deployment/target.js';
import { startSmtpSink, type SmtpSink } from '../../src/tools/smtp-sink.js';
import { leftovers, runCli } from '../faults/harness.js';

/**
 * PRE-9 and PRE-10 against an existing deployment named in a .env file (a stack started here plays
 * it): the Slack webhook and the SMTP server come from the file, not from the reference stack.
 */
describe('PRE-9 and PRE-10 in external mode', () => {
  let target: Target;
  let sink: SmtpSink;
  let stop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    ({ target, stop } = await startTestStack());
    sink = await startSmtpSink();
  }, 180_000);

  afterAll(async () => {
    await sink?.close();
    await stop();
  });

  it('tests the named webhook and SMTP server, the uptime URL and the load, and leaks no secret', async () => {
    const webhook = `${target.receiver!.url}/slack`;
    const file = envFileFor(target, [
      `REPO_DIR=${resolve('.')}`,
      'ATTESTATIONS_FILE=attestations.sample.yaml',
      'ATTESTATION_MAX_AGE_DAYS=3650',
      `SLACK_WEBHOOK_URL=${webhook}`,
      `SMTP_SMARTHOST=${sink.smarthost}`,
      `UPTIME_CHECK_URL=${target.app.url}/health`,
      'LOAD_TEST_DURATION_S=3',
    ]);
    const ids = ['PRE-9.1', 'PRE-9.2', 'PRE-9.3', 'PRE-10.1', 'PRE-10.2', 'PRE-10.3'];
    const run = await runCli(['--env-file', file, ...ids.flatMap((id) => ['--item', id])]);
    const status = Object.fromEntries(
      run
        .signoff()
        .items.filter((i) => ids.includes(i.id))
        .map((i) => [i.id, `${i.status}: ${i.message ?? ''}`]),
    );
    expect(status['PRE-9.1'], run.stderr.slice(-2000)).toBe('passed: ');
    // External mode trusts only what tls_config says: the sink's self-signed (expired) certificate is refused.
    expect(status['PRE-9.2']).toMatch(/^failed: .*over STARTTLS.*certificate.*127\.0\.0\.1:\d+, receiver email/s);
    expect(sink.messages).toEqual([]);
    expect(status['PRE-9.3']).toBe('passed: ');
    // The load ran against APP_URL and sampled its container; whether 1000 req/s hold depends on
    // how busy this host is (a contended host fails or, with a starved generator, breaks the item).
    expect(status['PRE-10.1']).toMatch(/^(passed: |(failed|broken): .*application container peak [\d.]+ cores)/s);
    expect(status['PRE-10.2']).toBe('passed: ');
    expect(status['PRE-10.3']).toBe('passed: ');
    expect(run.stdout + run.stderr + JSON.stringify(run.signoff())).not.toContain(webhook);
    expect(leftovers(run.runId!)).toEqual([]);
  });
});

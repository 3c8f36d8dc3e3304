import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envFileFor, useTestImages } from '../support/environment.js';
import { startReferenceTarget } from '../../src/run/reference.js';
import type { Target } from '../../src/deployment/target.js';
import { leftovers, runCli } from '../faults/harness.js';

/**
 * The deployment and smoke items against an existing deployment named in a .env file: a stack that
 * differs from the reference (Prometheus does not scrape itself; APP_JOB names a job that does not
 * exist, so the application's job is discovered). Every item passes; SMOKE-3.2 cleans up after
 * itself, and without a receiver to read back it is not applicable (absent), saying why.
 */
const ITEMS = ['DEP-1.1', 'DEP-1.4', 'DEP-2.1', 'DEP-2.2', 'DEP-2.3', 'DEP-2.4', 'DEP-2.5', 'DEP-2.6', 'SMOKE-3.1', 'SMOKE-3.2'];

describe('deployment and smoke items on an existing deployment', () => {
  let target: Target;
  let stop: () => Promise<void> = async () => undefined;
  const dir = mkdtempSync(join(tmpdir(), 'external-dep-'));
  const monitoringDir = join(dir, 'monitoring');

  beforeAll(async () => {
    useTestImages();
    cpSync(resolve('monitoring'), monitoringDir, { recursive: true });
    const file = join(monitoringDir, 'prometheus.yml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    const jobs = doc.getIn(['scrape_configs']) as { items: { get(key: string): unknown }[] };
    jobs.items = jobs.items.filter((job) => job.get('job_name') !== 'prometheus');
    writeFileSync(file, doc.toString());
    // The deployment's monitoring tree is version-controlled, as PRE-6.4 (re-run by DEP-1.1) requires.
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@invalid', ...args], { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'the deployment');
    ({ target, stop } = await startReferenceTarget({ monitoringDir }));
  }, 180_000);

  afterAll(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const envFile = (extra: string[]) =>
    envFileFor(target, [
      `MONITORING_DIR=${monitoringDir}`,
      `REPO_DIR=${resolve('.')}`,
      'APP_JOB=memory-server-that-is-not-there',
      'APP_VERSION_FILE=fixtures/app/package.json',
      'ATTESTATIONS_FILE=attestations.sample.yaml',
      'ATTESTATION_MAX_AGE_DAYS=3650',
      ...extra,
    ]);

  it('passes every item, writes only what SMOKE-3.2 declares and leaves nothing firing', async () => {
    writeFileSync(join(dir, 'deploy.env'), `GRAFANA_PASSWORD=${target.grafana.password}\nSLACK_WEBHOOK_URL=${target.receiver!.url}/slack\n`);
    const run = await runCli(
      [
        '--env-file',
        envFile([`RECEIVER_URL=${target.receiver!.url}`, `DEPLOY_ENV_FILE=${join(dir, 'deploy.env')}`, `SECRETS_ENV_FILE=${join(dir, 'deploy.env')}`]),
        ...ITEMS.flatMap((id) => ['--item', id]),
      ],
      { timeoutMs: 420_000 },
    );
    const signoff = run.signoff();
    expect(signoff.run.mode).toBe('external');
    const notPassed = signoff.items.filter((i) => ITEMS.includes(i.id) && i.status !== 'passed').map((i) => `${i.id} ${i.status}: ${i.message}`);
    expect(notPassed, run.stderr.slice(-3000)).toEqual([]);
    expect(run.stderr).not.toContain('starting the reference stack');
    expect(leftovers(run.runId!)).toEqual([]);
    expect(run.stdout + run.stderr + JSON.stringify(signoff)).not.toContain(target.grafana.password);
  }, 480_000);

  it('says SMOKE-3.2 could not verify the notification without a receiver, skips it when read-only; DEP-2.1 names an absent required variable', async () => {
    writeFileSync(join(dir, 'incomplete.env'), 'GRAFANA_PASSWORD=\n');
    const [absent, readOnly, incomplete] = await Promise.all([
      runCli(['--env-file', envFile([]), '--item', 'SMOKE-3.2']),
      runCli(['--env-file', envFile(['RECEIVER_URL=', 'READ_ONLY=true']), '--item', 'SMOKE-3.2']),
      runCli(['--env-file', envFile(['RECEIVER_URL=', 'READ_ONLY=true', `DEPLOY_ENV_FILE=${join(dir, 'incomplete.env')}`]), '--item', 'DEP-2.1']),
    ]);
    const d = incomplete.signoff().items.find((i) => i.id === 'DEP-2.1');
    expect(d?.status, incomplete.stderr.slice(-2000)).toBe('failed');
    expect(d?.message).toMatch(/marks REQUIRED set in the deployment's environment, but found absent: GRAFANA_PASSWORD/);
    const a = absent.signoff().items.find((i) => i.id === 'SMOKE-3.2');
    expect(a?.status, absent.stderr.slice(-2000)).toBe('skipped');
    expect(a?.message).toMatch(/absent.*saw it in Alertmanager routed to .*could not be verified.*RECEIVER_URL/s);
    const r = readOnly.signoff().items.find((i) => i.id === 'SMOKE-3.2');
    expect(r?.status).toBe('skipped');
    expect(r?.message).toMatch(/read-only/);
  }, 240_000);
});

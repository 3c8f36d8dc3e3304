import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'dotenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envFileFor, useTestImages } from '../support/environment.js';
import { HOST_BOUND, leftovers, runCli } from '../faults/harness.js';
import { startReferenceTarget } from '../../src/run/reference.js';
import { scanDeclarations } from '../../src/harness/declarations.js';
import { getItem } from '../../src/registry/registry.js';
import type { Target } from '../../src/deployment/target.js';

/**
 * A deployment of our own that differs from the reference on purpose (fixtures/second-deployment:
 * other job names, no self-scrape, renamed session tools, another dashboard uid, layout and
 * datasource). The checklist runs against it through an env file only: every implemented automated
 * DEP, SMOKE and VER item must pass there by configuration and discovery.
 */
const FIXTURE = resolve('fixtures/second-deployment');

describe('a second deployment, different on purpose, through its env file only', () => {
  let target: Target;
  let appContainerId: string;
  let stop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    useTestImages();
    const started = await startReferenceTarget({ monitoringDir: join(FIXTURE, 'monitoring'), appEnv: parse(readFileSync(join(FIXTURE, 'app.env'), 'utf8')) });
    ({ target, stop } = started);
    appContainerId = started.stack.containers.app.getId();
  }, 180_000);

  const scratch = mkdtempSync(join(tmpdir(), 'second-deployment-'));
  afterAll(async () => {
    await stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('passes every implemented automated DEP, SMOKE and VER item', async () => {
    const secretsFile = join(scratch, 'secrets.env');
    writeFileSync(secretsFile, `GRAFANA_PASSWORD=${target.grafana.password}\n`);
    // What its operator deployed: a clone of the committed tree at HEAD, tagged as the release.
    const repo = join(scratch, 'repo');
    const git = (...args: string[]) =>
      execFileSync('git', args, { stdio: 'pipe', env: { ...process.env, GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('clone', '--quiet', '--shared', resolve('.'), repo);
    git('-C', repo, 'tag', '-a', 'v-second-deployment', '-m', 'the release deployed');
    // Only what an operator of that deployment would write; the tool, panel and jobs are discovered.
    const file = envFileFor(target, [
      ...(target.receiver ? [`RECEIVER_URL=${target.receiver.url}`] : []),
      'APP_JOB=journal-app',
      'GRAFANA_DASHBOARD_UID=work-sessions',
      `MONITORING_DIR=${join(FIXTURE, 'monitoring')}`,
      `LOG_COMMAND=docker logs --tail 500 ${appContainerId}`,
      // Its repository (docs, scripts, the application's package.json): a deployment clone of this
      // one, its release tagged by its operator (DEP-1.2), and its secrets file.
      `REPO_DIR=${repo}`,
      'RELEASE_TAG=v-second-deployment',
      'APP_VERSION_FILE=fixtures/app/package.json',
      `SECRETS_ENV_FILE=${secretsFile}`,
      'ATTESTATIONS_FILE=attestations.sample.yaml',
      'ATTESTATION_MAX_AGE_DAYS=3650',
    ]);
    const items = scanDeclarations(resolve('tests'))
      .filter((d) => d.implemented)
      .map((d) => getItem(d.id))
      .filter((i) => ['deploy', 'smoke', 'verify'].includes(i.phase) && i.how === 'auto')
      .map((i) => i.id);
    expect(items).toEqual(expect.arrayContaining(['VER-1', 'VER-2', 'VER-3', 'VER-4', 'VER-5', 'VER-6', 'VER-7']));
    const run = await runCli(['--env-file', file, ...items.flatMap((id) => ['--item', id])], { timeoutMs: 420_000 });
    const signoff = run.signoff();
    expect(signoff.run.mode).toBe('external');
    const hostBound = (i: (typeof signoff.items)[number]) => i.status === 'broken' && HOST_BOUND[i.id]?.test(i.message ?? '') === true;
    const notPassed = signoff.items
      .filter((i) => items.includes(i.id) && i.status !== 'passed' && !i.waiver && !hostBound(i))
      .map((i) => `${i.id} ${i.status}: ${i.message}`);
    expect(notPassed, run.stderr.slice(-3000)).toEqual([]);
    expect(run.stderr).not.toContain('starting the reference stack');
    expect(leftovers(run.runId!)).toEqual([]);
    expect(run.stdout + run.stderr + JSON.stringify(signoff)).not.toContain(target.grafana.password);
  }, 480_000);
});

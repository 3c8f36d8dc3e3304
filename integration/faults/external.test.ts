import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envFileFor, startTestStack } from '../support/environment.js';
import type { Target } from '../../src/deployment/target.js';
import { leftovers, runCli } from './harness.js';

/**
 * Mode (b): an existing deployment named in a .env file. A stack started here plays the existing
 * deployment; the CLI must verify it through the file alone and start nothing of its own.
 */
describe('an existing deployment named in a .env file', () => {
  let target: Target;
  let stop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    ({ target, stop } = await startTestStack());
  }, 180_000);

  afterAll(() => stop());

  it('passes the slice items and starts nothing', async () => {
    const file = envFileFor(target);
    const slice = ['PRE-6.1', 'DEP-2.4', 'SMOKE-3.1', 'VER-1', 'VER-7'];
    const run = await runCli(['--env-file', file, ...slice.flatMap((id) => ['--item', id])]);
    const signoff = run.signoff();
    expect(signoff.run.mode).toBe('external');
    const notPassed = signoff.items.filter((i) => slice.includes(i.id) && i.status !== 'passed').map((i) => `${i.id}: ${i.message}`);
    expect(notPassed, run.stderr.slice(-3000)).toEqual([]);
    expect(run.stderr).not.toContain('starting the reference stack');
    expect(leftovers(run.runId!)).toEqual([]);
    expect(run.stdout + run.stderr + JSON.stringify(signoff)).not.toContain(target.grafana.password);
  });
});

import { describe, expect, it } from 'vitest';
import { loadFault } from '../../src/run/faults.js';
import { leftovers, runCli } from './harness.js';
import { everyOutput } from '../pre/outputs.js';

/**
 * A credential committed to the repository (fault pre-hardcoded-credential: a Slack webhook URL in
 * the Alertmanager configuration) fails PRE-3.1, and its value appears in no output of the run:
 * not on stdout or stderr, not in the sign-off, not in any Allure result or attachment.
 */
describe('a hard-coded credential', () => {
  it('fails PRE-3.1 without its value reaching any output', async () => {
    const fault = loadFault('pre-hardcoded-credential');
    // The fault assembles the webhook in steps (the repository never holds it whole): replay them.
    const [first, ...rest] = fault.repo!.replace;
    const assembled = rest.reduce((text, r) => text.split(r.find).join(r.with), first!.with);
    const canary = /api_url: (\S+)/.exec(assembled)![1]!;
    const fragments = [canary, canary.split('/').at(-1)!, encodeURIComponent(canary)];
    const run = await runCli(['--fault', fault.name, '--item', 'PRE-3.1']);
    const item = run.signoff().items.find((i) => i.id === 'PRE-3.1');
    expect(item?.status, item?.message).toBe('failed');
    const outputs = everyOutput(run);
    expect(outputs.length, 'stdout, stderr and the reports directory').toBeGreaterThan(3);
    const leaks = outputs.filter((o) => fragments.some((f) => o.text.includes(f))).map((o) => o.source);
    expect(leaks, 'outputs that contain the credential').toEqual([]);
    expect(leftovers(run.runId!)).toEqual([]);
  });
});

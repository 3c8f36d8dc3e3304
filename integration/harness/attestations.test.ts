import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../faults/harness.js';

/**
 * Attestations through the CLI, as a user runs it: the reference run passes the attest items on the
 * sample file; an existing deployment's file with a missing, a stale and a wrong-role attestation
 * fails each of those items saying which; a malformed file is bad input before anything starts.
 * Every item here is a tree item: no container is started.
 */
const ATTEST_ITEMS = ['PRE-8.1', 'PRE-8.2', 'PRE-8.4', 'DEP-1.3', 'RB-5', 'SO-1'];
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** An existing deployment (nothing listens on port 9: no item here contacts it) with its own attestations file. */
function deployment(attestations: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'attest-run-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'monitoring'));
  writeFileSync(join(dir, 'attestations.yaml'), attestations);
  const nowhere = 'http://127.0.0.1:9';
  writeFileSync(
    join(dir, '.env'),
    [
      `APP_URL=${nowhere}`,
      `PROMETHEUS_URL=${nowhere}`,
      `ALERTMANAGER_URL=${nowhere}`,
      `GRAFANA_URL=${nowhere}`,
      'GRAFANA_PASSWORD=attest-canary-pw',
      'HTTP_TIMEOUT_MS=1000',
    ].join('\n'),
  );
  return join(dir, '.env');
}

const items = (ids: string[]) => ids.flatMap((id) => ['--item', id]);

describe('attestations in a run', () => {
  it('the reference run passes every attest item on the sample file, and its sign-off says the attestations are a sample', async () => {
    const run = await runCli(items(ATTEST_ITEMS), { timeoutMs: 120_000 });
    expect(run.stderr).not.toContain('starting the reference stack');
    const byId = new Map(run.signoff().items.map((i) => [i.id, i]));
    for (const id of ATTEST_ITEMS) expect(byId.get(id)?.status, `${id}: ${byId.get(id)?.message ?? ''}\n${run.stderr.slice(-1500)}`).toBe('passed');
    expect(readFileSync(join(run.reportsDir, 'signoff.md'), 'utf8')).toMatch(
      /attestations: .*attestations\.sample\.yaml \(SAMPLE attestations, not real decisions\)/,
    );
  }, 150_000);

  it('fails a missing, a stale and a wrong-role attestation, each saying which', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const env = deployment(
      [
        'attestations:',
        `  - { item: PRE-8.1, by: Dana Example, role: Engineering Manager, date: ${today} }`,
        '  - { item: PRE-8.2, by: Dana Example, role: Engineering Manager, date: 2020-01-01 }',
        `  - { item: PRE-8.4, by: Sam Oncall, role: SRE, date: ${today} }`,
        '',
      ].join('\n'),
    );
    const run = await runCli(['--env-file', env, ...items(['PRE-8.1', 'PRE-8.2', 'PRE-8.4', 'DEP-1.3'])], { timeoutMs: 120_000 });
    expect(run.exitCode, run.stderr.slice(-1500)).toBe(1);
    const byId = new Map(run.signoff().items.map((i) => [i.id, i]));
    expect(byId.get('PRE-8.1')?.status, byId.get('PRE-8.1')?.message).toBe('passed');
    expect(byId.get('PRE-8.2')).toMatchObject({ status: 'failed', message: expect.stringMatching(/found stale: 2020-01-01 by Dana Example/) });
    expect(byId.get('PRE-8.4')).toMatchObject({ status: 'failed', message: expect.stringMatching(/found wrong role: Sam Oncall as SRE/) });
    expect(byId.get('DEP-1.3')).toMatchObject({ status: 'failed', message: expect.stringMatching(/found missing: no entry for this item/) });
  }, 150_000);

  it('rejects a malformed attestations file before anything starts (exit 2, one line per problem)', async () => {
    const env = deployment(
      'attestations:\n  - { item: PRE-8.1, by: D, role: Engineering Manager, date: yesterday }\n  - { item: NOPE-1, by: Dana Example, role: SRE, date: 2026-01-01 }\n',
    );
    const run = await runCli(['--env-file', env, '--item', 'PRE-8.1']);
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toMatch(
      /attestations\.yaml is not a valid attestations file:\n {2}- attestations\.0\.by: must name the person.*\n {2}- attestations\.0\.date: must be a date YYYY-MM-DD.*\n {2}- attestations\.1\.item: must be an item id/,
    );
    expect(run.runId, 'a run id is printed only once the run starts').toBeUndefined();
    expect(run.stderr).not.toMatch(/starting the reference stack|vitest:/);
    expect(run.stderr).not.toContain('attest-canary-pw');
  });
});

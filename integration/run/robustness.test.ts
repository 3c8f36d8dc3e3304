// Claims of the run as a whole, each proven against the reference stack: the deadline writes a
// sign-off with what did not finish broken ("deadline") and leaves nothing behind; the stack runs on
// the engine DOCKER_HOST names; two shards merge into the same statuses and verdict as one run.
import { describe, expect, it } from 'vitest';
import { leftovers, runCli } from '../faults/harness.js';
import { mergeShards } from '../../src/run/merge.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Five runs with a stack each at once (three for the shards), beside other integration files, on 2
 * cores: the shards' test took more than 120 s in a CI rehearsal (2026-12-02), the DOCKER_HOST one 101 s.
 * These tests prove what a run does, not how fast: the bench measures that.
 */
const RUN_TIMEOUT_MS = 300_000;

describe('the run as a whole', () => {
  it.concurrent(
    'stops at its deadline, marks what did not finish broken (deadline), writes the sign-off, cleans up',
    async () => {
      const run = await runCli(['--deadline-ms', '10000', '--phase', 'verify', '--phase', 'smoke']);
      expect(run.exitCode, run.stderr.slice(-2000)).toBe(1);
      const items = run.signoff().items.filter((i) => i.phase === 'Verification' || i.phase === 'Smoke');
      const deadline = items.filter((i) => i.status === 'broken' && /deadline/.test(i.message ?? ''));
      expect(deadline.length, 'items broken by the deadline').toBeGreaterThan(0);
      expect(items.filter((i) => i.status === 'passed' && /deadline/.test(i.message ?? ''))).toEqual([]);
      expect(leftovers(run.runId!)).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );

  it.concurrent(
    'runs the stack on the engine DOCKER_HOST names',
    async () => {
      const run = await runCli(['--item', 'VER-1'], { env: { DOCKER_HOST: 'unix:///var/run/docker.sock' } });
      expect(run.signoff().items.find((i) => i.id === 'VER-1')?.status, run.stderr.slice(-2000)).toBe('passed');
      expect(leftovers(run.runId!)).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );

  it.concurrent(
    'two shards merge into the same statuses and verdict as a single run',
    async () => {
      const selection = ['--phase', 'deploy', '--phase', 'smoke'];
      const [single, one, two] = await Promise.all([runCli(selection), runCli([...selection, '--shard', '1/2']), runCli([...selection, '--shard', '2/2'])]);
      const merged = mergeShards([one.reportsDir, two.reportsDir], mkdtempSync(join(tmpdir(), 'checklist-merged-')));
      const statuses = (items: { id: string; status: string }[]) => Object.fromEntries(items.map((i) => [i.id, i.status]));
      expect(statuses(merged.items)).toEqual(statuses(single.signoff().items));
      expect(merged.verdict).toBe(single.signoff().verdict);
    },
    RUN_TIMEOUT_MS,
  );
});

// The inner loop's warm stack: --keep leaves the reference stack running, --reuse runs on it with the
// images it was started with, a drill that moves its parts (RB-2 restores Prometheus into a new
// container, RB-3 restarts the application on a new port) leaves it usable for the next --reuse,
// URLs derived from a moved part's included (the uptime check PRE-9.3 probes), and cleanup removes it. In the `alone`
// project: any other run reaps a stack whose run's process is gone, and a kept stack is one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { leftovers, runCli } from '../faults/harness.js';

it('keeps the stack, reuses it across a drill, and cleanup removes it', async () => {
  // Its own warm state, apart from a developer's kept stack.
  const env = { CHECKLIST_WARM_STATE_FILE: join(mkdtempSync(join(tmpdir(), 'checklist-warm-test-')), 'warm.json') };
  const kept = await runCli(['--keep', '--item', 'VER-1'], { env });
  try {
    expect(kept.signoff().items.find((i) => i.id === 'VER-1')?.status, kept.stderr.slice(-2000)).toBe('passed');
    // No --images: the kept stack's own set is used (a restored Prometheus, the tools' images).
    const drill = await runCli(['--reuse', '--item', 'RB-3', '--item', 'RB-2'], { env: { ...env, CHECKLIST_IMAGES: undefined }, images: false });
    expect(drill.stderr).toMatch(/reusing the kept stack/);
    for (const id of ['RB-3', 'RB-2']) expect(drill.signoff().items.find((i) => i.id === id)?.status, drill.stderr.slice(-2000)).toBe('passed');
    const after = await runCli(['--reuse', '--item', 'VER-1', '--item', 'PRE-9.3'], { env });
    for (const id of ['VER-1', 'PRE-9.3']) expect(after.signoff().items.find((i) => i.id === id)?.status, after.stderr.slice(-2000)).toBe('passed');
  } finally {
    execFileSync(process.execPath, ['--import', 'tsx', 'src/run/cleanup.ts'], { env: { ...process.env, ...env }, stdio: 'ignore' });
  }
  expect(leftovers(kept.runId!), 'the kept stack after cleanup').toEqual([]);
}, 300_000);

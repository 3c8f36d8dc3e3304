import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFaults } from '../../src/run/faults.js';
import { scanDeclarations } from '../../src/harness/declarations.js';
import { getItem } from '../../src/registry/registry.js';
import { leftovers, runCli } from './harness.js';

/**
 * The fault catalogue: every implemented item passes on the good reference stack, and every seeded
 * fault turns its item `failed` with a message matching the fault's `expect`.
 */
const faults = listFaults();
const implemented = scanDeclarations(resolve('tests')).filter((d) => d.implemented).map((d) => d.id);

/**
 * Items these machines cannot decide: no vulnerability database is reachable (npm's audit endpoint
 * answers 405), so on the good stack the item is `broken` with the scanner's own reason, or passes
 * where the scanner works. Its failing path is proven against a local advisory registry with the
 * real npm client in integration/pre/external-repository.test.ts.
 */
const UNDECIDABLE_HERE: Record<string, RegExp> = { 'PRE-1.6': /could not decide/ };
const decidedOnGoodStack = (i: { id: string; status: string; message?: string }) =>
  i.status === 'passed' || (i.status === 'broken' && Boolean(UNDECIDABLE_HERE[i.id]?.test(i.message ?? '')));

describe('the fault catalogue', () => {
  it('has a seeded fault for every implemented auto item', () => {
    const covered = new Set(faults.map((f) => f.item));
    const uncovered = implemented.filter((id) => getItem(id).how === 'auto' && !covered.has(id) && !UNDECIDABLE_HERE[id]);
    expect(uncovered, 'implemented auto items without a fault in fixtures/faults/').toEqual([]);
  });

  it.concurrent('every implemented item passes against the good reference stack', async () => {
    // One run of every implemented item, the target's own test suites (PRE-1) included: allow it the
    // project's test timeout rather than the default 240 s of a single-fault run.
    const run = await runCli(implemented.flatMap((id) => ['--item', id]), { timeoutMs: 540_000 });
    const items = run.signoff().items.filter((i) => implemented.includes(i.id));
    const notPassed = items.filter((i) => !decidedOnGoodStack(i)).map((i) => `${i.id} ${i.status}: ${i.message}`);
    expect(notPassed, run.stderr.slice(-3000)).toEqual([]);
    expect(leftovers(run.runId!), 'containers or networks left after a passing run').toEqual([]);
  });

  // Each fault runs the CLI with its own stack; most of a run is waiting for Prometheus, so two or
  // three at once use the 2 cores better (the project's maxConcurrency bounds it).
  for (const fault of faults) {
    it.concurrent(`${fault.name} turns ${fault.item} failed: ${fault.description}`, async () => {
      const run = await runCli(['--fault', fault.name, '--item', fault.item]);
      const item = run.signoff().items.find((i) => i.id === fault.item);
      expect(item?.status, `${fault.item}: ${item?.message}\n${run.stderr.slice(-2000)}`).toBe('failed');
      expect(item?.message ?? '').toMatch(new RegExp(fault.expect, 's'));
      expect(run.exitCode, 'a failed blocker or a non-selected blocker means NOT READY, exit 1').toBe(1);
      expect(leftovers(run.runId!), 'containers or networks left after a failing run').toEqual([]);
    });
  }
});

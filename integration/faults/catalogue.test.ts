import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFaults } from '../../src/run/faults.js';
import { scanDeclarations } from '../../src/harness/declarations.js';
import { getItem } from '../../src/registry/registry.js';
import { leftovers, runCli } from './harness.js';
import { cpuGate } from './gate.js';

/**
 * The fault catalogue: every seeded fault turns its item `failed` with a message matching the
 * fault's `expect` (good-stack.test.ts is its control: the same items pass on the good stack).
 */
/**
 * Faults with a stack first, those of tree items (a few seconds each) last: they fill the end of the
 * catalogue instead of a long alert-path fault starting last.
 */
const withStack = (f: { item: string; stack?: boolean }) => getItem(f.item).scope === 'live' && f.stack !== false;
const faults = listFaults().sort((a, b) => Number(withStack(b)) - Number(withStack(a)));
/** Fault runs at once at most (the faults project's maxConcurrency says the same). */
const CATALOGUE_MAX_RUNS = 4;

/**
 * Auto items whose failure modes are proven by a test of their own instead of a fault of the
 * catalogue, because the reference target cannot carry them: the TLS cases need TLS servers with
 * generated certificates (the reference deployment serves no https); the image scanner does not exist
 * on these machines. Each names its test file.
 */
const PROVEN_ELSEWHERE: Record<string, string> = {
  'PRE-4.5': 'integration/host/tls.test.ts',
  'PRE-5.2': 'src/harness/images/scan.test.ts',
  'PRE-1.6': 'integration/pre/external-repository.test.ts',
};

const implemented = scanDeclarations(resolve('tests'))
  .filter((d) => d.implemented)
  .map((d) => d.id);

describe('the fault catalogue', () => {
  it('has a seeded fault for every implemented auto item', () => {
    const covered = new Set(faults.map((f) => f.item));
    const uncovered = implemented.filter((id) => getItem(id).how === 'auto' && !covered.has(id) && !PROVEN_ELSEWHERE[id]);
    expect(uncovered, 'implemented auto items without a fault in fixtures/faults/').toEqual([]);
    expect(
      Object.values(PROVEN_ELSEWHERE).filter((f) => !existsSync(f)),
      'tests named in PROVEN_ELSEWHERE',
    ).toEqual([]);
  });

  // Each fault runs the CLI with its own stack; most of a run is waiting (for a scrape, an evaluation,
  // the deadline an item polls to), so runs overlap: two at once always, up to the project's
  // maxConcurrency while the CPU has room. Measured on 2 cores with 89 faults: two at a time left the
  // CPU 60 % idle once the other files of npm test were done (catalogue 723 s).
  const gate = cpuGate({ min: 2, max: CATALOGUE_MAX_RUNS, busyBelow: 0.7, windowMs: 4_000, deadlineMs: 120_000 });
  for (const fault of faults) {
    it.concurrent(`${fault.name} turns ${fault.item} failed: ${fault.description}`, async () => {
      const run = await gate.run(() => runCli(['--fault', fault.name, '--item', fault.item]));
      const item = run.signoff().items.find((i) => i.id === fault.item);
      expect(item?.status, `${fault.item}: ${item?.message}\n${run.stderr.slice(-2000)}`).toBe('failed');
      expect(item?.message ?? '').toMatch(new RegExp(fault.expect, 's'));
      expect(run.exitCode, 'a failed blocker or a non-selected blocker means NOT READY, exit 1').toBe(1);
      expect(leftovers(run.runId!), 'containers or networks left after a failing run').toEqual([]);
    });
  }
});

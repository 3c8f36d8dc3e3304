import { existsSync } from 'node:fs';
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

/**
 * Items that cannot pass on these machines, with the reason they must give: broken because the tool
 * does not exist here (no vulnerability scanner or database), never passed.
 */
const TOOL_MISSING_HERE: Record<string, RegExp> = {
  // npm's audit endpoint answers 405 here and no offline vulnerability database exists.
  'PRE-1.6': /could not decide/,
  // The load test shares this host's 2 cores with the stack (and, in this catalogue, with other faults' stacks):
  // on a saturated host it says so and is broken, never passed; on an idle host it passes.
  'PRE-10.1': /saturated|starved/,
  'PRE-5.2': /the image scanner \S+ is not installed on this machine|the image scanner could not scan/,
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

  it.concurrent('every implemented item passes against the good reference stack', async () => {
    // One run of every implemented item, the target's own test suites (PRE-1) included: allow it the
    // project's test timeout rather than the default 240 s of a single-fault run.
    const run = await runCli(
      implemented.flatMap((id) => ['--item', id]),
      { timeoutMs: 540_000 },
    );
    const items = run.signoff().items.filter((i) => implemented.includes(i.id));
    // Passed, or not applicable for a kind its registry entry allows, or broken because its tool cannot exist here.
    const accepted = (i: (typeof items)[number]) =>
      i.status === 'passed' ||
      (i.status === 'skipped' && i.notApplicable?.allowed === true) ||
      (i.status === 'broken' && TOOL_MISSING_HERE[i.id]?.test(i.message ?? '') === true) ||
      // Not passed but covered by a valid waiver of the reference deployment (waivers.reference.yaml).
      Boolean(i.waiver);
    const notPassed = items.filter((i) => !accepted(i)).map((i) => `${i.id} ${i.status}: ${i.message}`);
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

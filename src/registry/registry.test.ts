import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ITEMS, validateRegistry, selectItems } from './registry.js';
import { declarationProblems, scanDeclarations } from '../harness/declarations.js';

/**
 * The 69 ids of the Phase 3 checklist, pinned here on purpose: removing, renaming or adding an item
 * is a change of the checklist itself, and must change this list too.
 */
const PINNED_IDS = [
  'PRE-1.1',
  'PRE-1.2',
  'PRE-1.3',
  'PRE-1.4',
  'PRE-1.5',
  'PRE-1.6',
  'PRE-2.1',
  'PRE-2.2',
  'PRE-2.3',
  'PRE-3.1',
  'PRE-3.2',
  'PRE-3.3',
  'PRE-3.4',
  'PRE-4.1',
  'PRE-4.2',
  'PRE-4.3',
  'PRE-4.4',
  'PRE-4.5',
  'PRE-5.1',
  'PRE-5.2',
  'PRE-5.3',
  'PRE-5.4',
  'PRE-6.1',
  'PRE-6.2',
  'PRE-6.3',
  'PRE-6.4',
  'PRE-7.1',
  'PRE-7.2',
  'PRE-7.3',
  'PRE-8.1',
  'PRE-8.2',
  'PRE-8.3',
  'PRE-8.4',
  'PRE-9.1',
  'PRE-9.2',
  'PRE-9.3',
  'PRE-10.1',
  'PRE-10.2',
  'PRE-10.3',
  'DEP-1.1',
  'DEP-1.2',
  'DEP-1.3',
  'DEP-1.4',
  'DEP-2.1',
  'DEP-2.2',
  'DEP-2.3',
  'DEP-2.4',
  'DEP-2.5',
  'DEP-2.6',
  'SMOKE-3.1',
  'SMOKE-3.2',
  'VER-1',
  'VER-2',
  'VER-3',
  'VER-4',
  'VER-5',
  'VER-6',
  'VER-7',
  'RB-0',
  'RB-1',
  'RB-2',
  'RB-3',
  'RB-4',
  'RB-5',
  'SO-1',
  'SO-2',
  'SO-3',
  'SO-4',
  'SO-5',
];

describe('the item registry', () => {
  it('has no problems', () => {
    expect(validateRegistry()).toEqual([]);
  });

  it('holds exactly the 69 pinned ids, in the checklist order', () => {
    expect(PINNED_IDS).toHaveLength(69);
    expect(ITEMS.map((i) => i.id)).toEqual(PINNED_IDS);
  });

  it('reports every problem of a broken registry, each naming its item', () => {
    const broken = [
      { ...ITEMS[0]!, id: 'PRE-1.1' },
      { ...ITEMS[0]!, id: 'PRE-1.1', title: ' ' },
      { ...ITEMS[1]!, id: 'bogus', phase: 'verify' as const },
    ];
    const problems = validateRegistry(broken);
    expect(problems).toContain('[Item:PRE-1.1] id is declared twice. Hint: one item, one id.');
    expect(problems.some((p) => p.startsWith('[Item:PRE-1.1] has no title'))).toBe(true);
    expect(problems.some((p) => p.startsWith('[Item:bogus] id does not look like'))).toBe(true);
  });

  it('selects by id, phase and blockers', () => {
    expect(selectItems({ ids: ['VER-1'] }).map((i) => i.id)).toEqual(['VER-1']);
    expect(selectItems({ phases: ['smoke'] }).map((i) => i.id)).toEqual(['SMOKE-3.1', 'SMOKE-3.2']);
    expect(selectItems({ blockersOnly: true }).every((i) => i.blocker === 'yes' || i.blocker === 'yes-for-critical')).toBe(true);
  });
});

describe('tests and items: one item, one test, one id', () => {
  const declarations = scanDeclarations(resolve('tests'));

  it('every item has exactly one test and every test names a registered item', () => {
    expect(
      declarationProblems(
        ITEMS.map((i) => i.id),
        declarations,
      ),
    ).toEqual([]);
  });

  it('flags an item without a test, an unknown id and an id claimed twice', () => {
    const d = (id: string, file: string) => ({ id, file, line: 1, implemented: true, runner: 'vitest' as const });
    const problems = declarationProblems(['VER-1', 'VER-2'], [d('VER-1', 'a.test.ts'), d('VER-1', 'b.test.ts'), d('VER-99', 'c.test.ts')]);
    expect(problems).toEqual([
      expect.stringContaining('[Item:VER-2] has no test'),
      expect.stringContaining('[Item:VER-1] is claimed by 2 tests: a.test.ts:1, b.test.ts:1'),
      expect.stringContaining('[Item:VER-99] is declared at c.test.ts:1 but is not in the registry'),
    ]);
  });
});

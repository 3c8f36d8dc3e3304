import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ITEMS, validateRegistry, selectItems } from '../../src/checklist/registry.js';
import { declarationProblems, scanDeclarations } from '../../src/checklist/declarations.js';

const CHECKLIST_ITEMS = resolve('../shared/checklist-items.md');

describe('the item registry', () => {
  it('has no problems', () => {
    expect(validateRegistry()).toEqual([]);
  });

  it.skipIf(!existsSync(CHECKLIST_ITEMS))('holds exactly the ids of checklist-items.md', () => {
    const ids = [...readFileSync(CHECKLIST_ITEMS, 'utf8').matchAll(/^\| ((?:PRE|DEP|SMOKE|VER|RB|SO)-[\d.]+) \|/gm)].map((m) => m[1]);
    expect(ids).toHaveLength(69);
    expect(ITEMS.map((i) => i.id).sort()).toEqual([...ids].sort());
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
    expect(declarationProblems(ITEMS.map((i) => i.id), declarations)).toEqual([]);
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

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKLIST_DOC, renderChecklistDoc } from './checklist-doc.js';
import { ITEMS } from './items.js';

describe(CHECKLIST_DOC, () => {
  it('is the registry as it is now (run `npm run docs:checklist` after changing src/registry/items.ts)', () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../..', CHECKLIST_DOC), 'utf8');
    expect(committed === renderChecklistDoc(), `${CHECKLIST_DOC} is stale: run npm run docs:checklist and commit it`).toBe(true);
  });

  it('has one row per item, naming its id, blocker and responsible role', () => {
    const doc = renderChecklistDoc();
    for (const item of ITEMS)
      expect(doc).toMatch(new RegExp(`^\\| ${item.id.replace('.', '\\.')} \\|.*\\| ${item.blocker} \\| ${item.responsible.replace(/[+()]/g, '\\$&')}`, 'm'));
  });
});

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanDeclarations } from '../harness/declarations.js';
import { ITEMS } from '../registry/registry.js';
import { STAGES } from './stages.js';

const declared = new Map(scanDeclarations(resolve('tests')).map((d) => [d.id, d]));
const stageOf = (id: string) => {
  const item = ITEMS.find((i) => i.id === id)!;
  return STAGES.filter((s) => s.takes(item, declared.get(id)!)).map((s) => s.name);
};

describe('the stages of a run', () => {
  it('put every item in exactly one stage', () => {
    expect(ITEMS.filter((i) => stageOf(i.id).length !== 1).map((i) => `${i.id}: ${stageOf(i.id).join(', ') || 'none'}`)).toEqual([]);
  });

  it('run the items that change the stack, and those decided from the others, after every item that only reads it', () => {
    const first = STAGES[0]!.name;
    for (const item of ITEMS.filter((i) => i.disturbs || i.readsResultsOf)) expect(stageOf(item.id), item.id).not.toEqual([first]);
    expect(stageOf('DEP-1.1')).toEqual(['vitest (items that change the stack or read the others)']);
  });
});

import { describe, expect, it } from 'vitest';
import { ITEMS } from '../registry/registry.js';
import { selectRunItems } from './select.js';

const declared = new Map(ITEMS.map((i) => [i.id, { runner: i.id === 'VER-7' || i.id === 'VER-3' ? ('playwright' as const) : ('vitest' as const) }]));
const none = { items: [] as string[], phases: [] as ('e2e' | 'smoke')[], blockersOnly: false };

describe('selectRunItems', () => {
  it('selects every item by default, and the browser items with --phase e2e', () => {
    expect(selectRunItems(none, declared)).toHaveLength(69);
    expect(selectRunItems({ ...none, phases: ['e2e'] }, declared).map((i) => i.id)).toEqual(['VER-3', 'VER-7']);
    expect(selectRunItems({ ...none, phases: ['smoke', 'e2e'] }, declared).map((i) => i.id)).toEqual(['SMOKE-3.1', 'SMOKE-3.2', 'VER-3', 'VER-7']);
  });

  it('splits the selection into disjoint shards that cover it', () => {
    const a = selectRunItems({ ...none, shard: { index: 1, count: 2 } }, declared).map((i) => i.id);
    const b = selectRunItems({ ...none, shard: { index: 2, count: 2 } }, declared).map((i) => i.id);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect([...a, ...b].sort()).toEqual(ITEMS.map((i) => i.id).sort());
  });

  it('filters by severity', () => {
    expect(selectRunItems({ ...none, severity: 'normal' }, declared).every((i) => i.severity === 'normal')).toBe(true);
  });
});

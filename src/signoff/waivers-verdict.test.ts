import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSignoff } from './signoff.js';
import { approvals } from './approvals.js';
import type { ItemResult } from './results.js';
import { ITEMS } from '../registry/registry.js';
import { loadWaivers, WaiversError, type WaiversFile } from '../deployment/waivers.js';

const run = { mode: 'reference', startedAt: '2026-12-01T06:00:00Z', durationMs: 60_000 };
const all = new Set(ITEMS.map((i) => i.id));
const now = new Date('2026-12-01T08:00:00Z');
const result = (id: string, status: ItemResult['status'], message?: string): ItemResult => ({ id, status, message, durationMs: 1, stop: 1, attachments: [] });
const scanFailed = () => {
  const results = new Map(ITEMS.map((i) => [i.id, result(i.id, 'passed')]));
  results.set('PRE-1.6', result('PRE-1.6', 'broken', 'no scanner'));
  return results;
};
const waiver = (expires: string, item = 'PRE-1.6'): WaiversFile => ({
  waivers: [{ item, justification: 'no scanner on this machine', approvedBy: 'Sam (Security Team)', expires }],
});
const build = (content: WaiversFile | null, approvalList = approvals({ file: 'attestations.sample.yaml', maxAgeDays: 3650 }, now)) =>
  buildSignoff({
    results: scanFailed(),
    selected: all,
    missingReason: () => '',
    run,
    waivers: { file: 'waivers.yaml', content },
    approvals: approvalList,
    now,
  });

describe('waivers in the verdict', () => {
  it('a valid waiver lets a broken blocker not block; the item keeps its real status and shows waived', () => {
    const s = build(waiver('2027-01-31'));
    expect(s.verdict).toBe('READY');
    expect(s.items.find((i) => i.id === 'PRE-1.6')).toMatchObject({
      status: 'broken',
      shown: 'waived',
      waiver: { justification: 'no scanner on this machine' },
    });
    expect(s.reasons.join('\n')).toMatch(/PRE-1.6 broken but waived until 2027-01-31/);
    expect(s.counts.waived).toBe(1);
  });

  it('an expired waiver turns the verdict NOT READY and is reported', () => {
    const s = build(waiver('2026-11-30'));
    expect(s.verdict).toBe('NOT READY');
    expect(s.blockers.map((b) => b.id)).toEqual(['PRE-1.6']);
    expect(s.reasons.join('\n')).toMatch(/waiver of PRE-1.6 does not count: expired on 2026-11-30/);
    expect(s.items.find((i) => i.id === 'PRE-1.6')!.shown).toBe('broken');
  });

  it('a waiver of an unknown id is reported and waives nothing', () => {
    const s = build(waiver('2027-01-31', 'PRE-99.9'));
    expect(s.verdict).toBe('NOT READY');
    expect(s.waivers.states[0]).toMatchObject({ item: 'PRE-99.9', valid: false, problem: 'unknown-item' });
    expect(s.reasons.join('\n')).toMatch(/waiver of PRE-99.9 does not count: no such item/);
  });

  it('a waiver of a passed item changes nothing', () => {
    const s = build(waiver('2027-01-31', 'VER-1'));
    expect(s.items.find((i) => i.id === 'VER-1')).toMatchObject({ status: 'passed', shown: 'passed' });
    expect(s.verdict).toBe('NOT READY');
  });
});

describe('approvals in the verdict', () => {
  it('a missing approval turns the verdict NOT READY, naming the role', () => {
    const dir = mkdtempSync(join(tmpdir(), 'approvals-'));
    const file = join(dir, 'attestations.yaml');
    const sample = readFileSync('attestations.sample.yaml', 'utf8');
    writeFileSync(
      file,
      sample
        .split('\n')
        .filter((l) => !l.includes('role: QA'))
        .join('\n'),
    );
    const list = approvals({ file, maxAgeDays: 3650 }, now);
    expect(list.find((a) => a.role === 'QA')).toMatchObject({ item: 'SO-2', approved: false });
    const s = build(waiver('2027-01-31'), list);
    expect(s.verdict).toBe('NOT READY');
    expect(s.reasons.join('\n')).toMatch(/approval missing: QA \(SO-2\)/);
  });

  it('lists every approval with name, role and date from the attestations', () => {
    const list = approvals({ file: 'attestations.sample.yaml', maxAgeDays: 3650 }, now);
    expect(list.map((a) => `${a.item} ${a.role}`)).toEqual([
      'SO-1 Engineering Manager',
      'SO-1 Tech Lead',
      'SO-1 SRE Lead',
      'SO-2 Deployment Engineer',
      'SO-2 QA',
      'SO-2 On-Call',
    ]);
    expect(list.every((a) => a.approved && a.by && a.date)).toBe(true);
  });
});

describe('the waivers file', () => {
  it('the reference waivers are valid and cover only the two scan items and the release tag of a development checkout', () => {
    expect(loadWaivers('waivers.reference.yaml').waivers.map((w) => w.item)).toEqual(['PRE-1.6', 'PRE-5.2']);
  });

  it('a malformed file is bad input naming each problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'waivers-'));
    const file = join(dir, 'waivers.yaml');
    writeFileSync(file, 'waivers:\n  - item: PRE-1.6\n    justification: short\n    expires: 31.12.2026\n');
    expect(() => loadWaivers(file)).toThrow(WaiversError);
    expect(() => loadWaivers(file)).toThrow(/approvedBy[\s\S]*justification|justification[\s\S]*expires/);
  });
});

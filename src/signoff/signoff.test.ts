import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSignoff, type SignoffInput } from './signoff.js';
import { writeSignoff } from './write.js';
import { readItemResults, type ItemResult } from './results.js';
import { ITEMS } from '../registry/registry.js';
import { registerSecret } from '../secrets/redact.js';

const run = { mode: 'reference', startedAt: '2026-11-26T00:00:00Z', durationMs: 1 };
const all = new Set(ITEMS.map((i) => i.id));
const result = (id: string, status: ItemResult['status'], message?: string): [string, ItemResult] => [
  id,
  { id, status, message, durationMs: 1, stop: 1, attachments: [] },
];
const build = (input: Omit<SignoffInput, 'approvals'> & Partial<Pick<SignoffInput, 'approvals'>>) => buildSignoff({ approvals: [], ...input });
const passedAll = () => new Map(ITEMS.map((i) => result(i.id, 'passed')));

describe('buildSignoff', () => {
  it('is READY when every blocker passed, even with a non-blocker failing', () => {
    const results = passedAll();
    results.set('PRE-1.3', result('PRE-1.3', 'failed', 'coverage 80%')[1]); // warning only
    const s = build({ results, selected: all, missingReason: () => '', run });
    expect(s.verdict).toBe('READY');
    expect(s.warnings).toEqual([{ id: 'PRE-1.3', status: 'failed', message: 'coverage 80%' }]);
    expect(s.items).toHaveLength(69);
  });

  it('is NOT READY when a blocker failed, broke or did not run', () => {
    for (const status of ['failed', 'broken'] as const) {
      const results = passedAll();
      results.set('VER-1', result('VER-1', status)[1]);
      expect(build({ results, selected: all, missingReason: () => '', run }).verdict).toBe('NOT READY');
    }
    const results = passedAll();
    results.delete('VER-1');
    const s = build({ results, selected: all, missingReason: (id) => `${id} runner crashed`, run });
    expect(s.verdict).toBe('NOT READY');
    expect(s.items.find((i) => i.id === 'VER-1')).toMatchObject({ status: 'broken', message: 'VER-1 runner crashed' });
  });

  it('marks unselected items skipped, never passed', () => {
    const s = build({ results: new Map([result('VER-1', 'passed')]), selected: new Set(['VER-1']), missingReason: () => '', run });
    expect(s.items.find((i) => i.id === 'VER-2')).toMatchObject({ status: 'skipped', message: 'not selected in this run' });
    expect(s.verdict).toBe('NOT READY');
  });

  it('counts a blocker skipped as not applicable as decided only for a kind its registry entry allows', () => {
    const skipped = (id: string, kind?: ItemResult['notApplicable']): [string, ItemResult] => [
      id,
      { id, status: 'skipped', message: `not applicable (${kind ?? '?'}): fixture reason`, notApplicable: kind, durationMs: 1, stop: 1, attachments: [] },
    ];
    const verdictWith = (entry: [string, ItemResult]) => {
      const results = passedAll();
      results.set(...entry);
      return build({ results, selected: all, missingReason: () => '', run });
    };
    // PRE-1.1 (a blocker) may not apply when the target has no tests configured.
    const allowed = verdictWith(skipped('PRE-1.1', 'not-configured'));
    expect(allowed.verdict).toBe('READY');
    expect(allowed.items.find((i) => i.id === 'PRE-1.1')).toMatchObject({ status: 'skipped', notApplicable: { kind: 'not-configured', allowed: true } });
    for (const entry of [skipped('PRE-1.1', 'read-only'), skipped('PRE-1.1'), skipped('VER-1', 'not-used')]) {
      const s = verdictWith(entry);
      expect(s.verdict, `${entry[0]} skipped for ${entry[1].notApplicable ?? 'no kind'}`).toBe('NOT READY');
      expect(s.blockers).toEqual([{ id: entry[0], status: 'skipped', message: entry[1].message }]);
    }
    const dir = mkdtempSync(join(tmpdir(), 'signoff-'));
    writeSignoff(dir, verdictWith(skipped('VER-1', 'not-used')));
    expect(readFileSync(join(dir, 'signoff.md'), 'utf8')).toContain(
      '- VER-1 (not-used, NOT an allowed reason for this item): not applicable (not-used): fixture reason',
    );
  });

  it('writes signoff.json and signoff.md without secrets', () => {
    registerSecret('canary-password-123');
    const dir = mkdtempSync(join(tmpdir(), 'signoff-'));
    const results = passedAll();
    results.set('VER-1', result('VER-1', 'failed', 'login with canary-password-123 failed')[1]);
    writeSignoff(dir, build({ results, selected: all, missingReason: () => '', run }));
    const json = readFileSync(join(dir, 'signoff.json'), 'utf8');
    expect(JSON.parse(json).verdict).toBe('NOT READY');
    expect(json + readFileSync(join(dir, 'signoff.md'), 'utf8')).not.toContain('canary-password-123');
  });
});

describe('readItemResults', () => {
  it('maps Allure results to items by the checklist_id label; the newest result wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'results-'));
    mkdirSync(dir, { recursive: true });
    const write = (name: string, stop: number, status: string) =>
      writeFileSync(
        join(dir, `${name}-result.json`),
        JSON.stringify({ status, start: 0, stop, labels: [{ name: 'checklist_id', value: 'VER-1' }], statusDetails: { message: status } }),
      );
    write('a', 10, 'failed');
    write('b', 20, 'passed');
    writeFileSync(join(dir, 'c-result.json'), JSON.stringify({ status: 'passed', labels: [] }));
    const results = readItemResults(dir);
    expect([...results.keys()]).toEqual(['VER-1']);
    expect(results.get('VER-1')!.status).toBe('passed');
  });
});

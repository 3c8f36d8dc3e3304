import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ITEMS } from '../../src/registry/registry.js';
import { appendLine, runDir, writeRecord } from '../../src/harness/record.js';
import { keepCopy, type RunInfo } from '../../src/signoff/run-info.js';

/** A report directory as a run leaves it: one Allure result per item with an attachment, the run record. */
export function fakeReport(): string {
  const dir = mkdtempSync(join(tmpdir(), 'report-'));
  const results = join(dir, 'allure-results');
  mkdirSync(results, { recursive: true });
  const started = Date.parse('2026-12-01T06:00:00Z');
  for (const [n, item] of ITEMS.entries()) {
    const uuid = `u${n}`;
    writeFileSync(join(results, `${uuid}-attachment.json`), JSON.stringify({ item: item.id }));
    const labels = [
      { name: 'checklist_id', value: item.id },
      { name: 'checklist_status', value: item.id === 'PRE-1.6' ? 'broken' : 'passed' },
    ];
    writeFileSync(
      join(results, `${uuid}-result.json`),
      JSON.stringify({
        uuid,
        status: 'passed',
        start: started + n,
        stop: started + n + 5,
        labels,
        attachments: [{ name: 'evidence', source: `${uuid}-attachment.json` }],
      }),
    );
  }
  const rec = runDir(dir);
  mkdirSync(rec, { recursive: true });
  const info: RunInfo = {
    mode: 'reference',
    startedAt: new Date(started).toISOString(),
    durationMs: 300_000,
    selected: ITEMS.map((i) => i.id),
    missing: {},
    attestations: { ...keepCopy(rec, 'attestations.sample.yaml', 'attestations.yaml'), maxAgeDays: 3650 },
    waivers: keepCopy(rec, 'waivers.reference.yaml', 'waivers.yaml'),
  };
  writeRecord(rec, 'run', info);
  for (let t = 0; t < 10; t++) appendLine(rec, 'health', { t: started + t * 1000, ok: t < 4 || t > 5, ms: 2 });
  appendLine(rec, 'planned', { from: started + 3500, to: started + 7000, what: 'RB-3 restarts the application' });
  writeRecord(rec, 'rollback', {
    at: info.startedAt,
    recommended: false,
    reasons: [],
    triggers: [{ name: 'alert storm', breached: false, detail: '0 firing' }],
  });
  return dir;
}

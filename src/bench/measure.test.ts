import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readResults, runnerStages } from './measure.js';

const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("reads the phases, the slowest items and the load generator's CPU from the item's evidence steps", () => {
  const generator = { cpuOfOneCore: 0.23, saturated: false, eventLoopDelayP99Ms: 14, hostCpuBusy: 0.45, hostCores: 2 };
  writeFileSync(join(dir, 'a-attachment.json'), JSON.stringify({ achievedRate: 1000, generator }));
  const labels = (id: string) => [
    { name: 'checklist_id', value: id },
    { name: 'epic', value: 'Pre-deployment' },
  ];
  writeFileSync(
    join(dir, 'x-result.json'),
    JSON.stringify({
      start: 1000,
      stop: 11_000,
      labels: labels('PRE-10.1'),
      attachments: [],
      steps: [{ attachments: [{ name: 'load test', source: 'a-attachment.json' }] }],
    }),
  );
  writeFileSync(join(dir, 'y-result.json'), JSON.stringify({ start: 500, stop: 1500, labels: labels('PRE-10.2') }));
  const r = readResults(dir);
  expect(r.phaseMs).toEqual({ 'Pre-deployment': 10_500 });
  expect(r.slowest.map((s) => s.id)).toEqual(['PRE-10.1', 'PRE-10.2']);
  expect(r.loadGeneratorCpu).toBe('23 % of one core (not saturated; its event-loop delay p99 14 ms; host 45 % busy of 2 cores)');
});

it("measures each runner stage's own cost as its wall time outside the span of its items, whatever the workers", () => {
  const t0 = Date.parse('2026-12-02T06:00:00Z');
  const text = [
    '[checklist  12.0s] stack ready',
    '[checklist  12.5s] vitest: 51 items',
    '[checklist  70.0s] playwright: 2 items',
    '[checklist  90.0s] stopping what the run started',
  ].join('\n');
  // Two workers: items overlap; the stage's items span 14.0 s .. 68.0 s.
  const spans = [
    { start: t0 + 14_000, stop: t0 + 60_000 },
    { start: t0 + 15_000, stop: t0 + 68_000 },
    { start: t0 + 74_000, stop: t0 + 88_000 },
  ];
  expect(runnerStages(text, spans, t0)).toEqual([
    { name: 'vitest', wallMs: 57_500, itemsMs: 54_000 },
    { name: 'playwright', wallMs: 20_000, itemsMs: 14_000 },
  ]);
});

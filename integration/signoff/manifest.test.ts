import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ITEMS } from '../../src/registry/registry.js';
import { hashConfig, verifyManifest, writeManifest } from '../../src/signoff/manifest.js';
import { rebuildSignoff } from '../../src/signoff/rebuild.js';
import { fakeReport } from '../support/fake-report.js';

describe('the sign-off rebuilt from a report directory, and its manifest', () => {
  it('rebuilds the same sign-off from the results and the run record', () => {
    const dir = fakeReport();
    const s = rebuildSignoff(dir);
    expect(s.verdict).toBe('READY');
    expect(s.items.find((i) => i.id === 'PRE-1.6')).toMatchObject({ status: 'broken', shown: 'waived', link: 'allure-report/index.html#u5' });
    expect(s.metrics.downtime).toMatchObject({ samples: 10, failedSamples: 2, unplannedMinutes: 0 });
    expect(s.metrics.downtime.outages).toHaveLength(1);
    expect(s.criteria.find((c) => c.criterion === 'Zero unplanned downtime')!.met).toBe(true);
    const first = readFileSync(join(dir, 'signoff.json'), 'utf8');
    rebuildSignoff(dir);
    expect(readFileSync(join(dir, 'signoff.json'), 'utf8')).toBe(first);
    for (const f of ['signoff.md', 'signoff.html']) for (const i of ITEMS) expect(readFileSync(join(dir, f), 'utf8')).toContain(i.id);
  });

  it('verify passes on a fresh report and names an edited attachment, a removed and an added file', () => {
    const dir = fakeReport();
    rebuildSignoff(dir);
    writeManifest(dir, hashConfig('monitoring', ['waivers.reference.yaml']), { app: 'sha256:abc' });
    expect(verifyManifest(dir, '.')).toMatchObject({ ok: true, changed: [], missing: [], added: [] });
    rebuildSignoff(dir);
    expect(verifyManifest(dir).ok).toBe(true);
    appendFileSync(join(dir, 'allure-results', 'u3-attachment.json'), ' ');
    writeFileSync(join(dir, 'allure-results', 'extra-result.json'), '{}');
    const result = verifyManifest(dir);
    expect(result).toMatchObject({ ok: false, changed: ['allure-results/u3-attachment.json'], added: ['allure-results/extra-result.json'] });
  });
});

// Property tests of the parsers of the project's own inputs: generated env files and attestations
// files never crash the loaders and never hang; they give a Target / a file, or a clear error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExternalTarget, TargetConfigError } from './load.js';
import { AttestationsError, loadAttestations } from './attestations.js';
import { KNOWN_VARIABLES } from './schema.js';

const dir = mkdtempSync(join(tmpdir(), 'fuzz-deployment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const value = fc.oneof(fc.string(), fc.webUrl(), fc.constantFrom('', 'http://', 'true', '0', '"quoted', "'x'", '#x', '\\n', '5000', 'http://u:p@h:1'));
const line = fc.oneof(
  fc.tuple(fc.constantFrom(...KNOWN_VARIABLES), value).map(([k, v]) => `${k}=${v}`),
  fc.tuple(fc.stringMatching(/^[A-Z_]{1,20}$/), value).map(([k, v]) => `${k}=${v}`),
  fc.string(),
  fc.constantFrom('# comment', '', 'export APP_URL=http://127.0.0.1:1', '=x', 'NO_EQUALS'),
);

describe('env file loader under generated input', () => {
  it('returns a target or throws TargetConfigError with one line per problem, nothing else', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 25 }), (lines) => {
        const file = join(dir, `env-${n++}`);
        writeFileSync(file, lines.join('\n'));
        try {
          const target = loadExternalTarget(file);
          expect(target.mode).toBe('external');
          expect(target.app.url).toMatch(/^https?:\/\//);
        } catch (error) {
          expect(error).toBeInstanceOf(TargetConfigError);
          const problems = (error as TargetConfigError).problems;
          expect(problems.length).toBeGreaterThan(0);
          for (const p of problems) expect(p.trim().length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

const ids = fc.constantFrom('PRE-8.1', 'SO-1', 'RB-5', 'PRE-99.1', 'nope', '');
const entry = fc.record(
  {
    item: ids,
    by: fc.oneof(fc.string(), fc.constant('Dana Example')),
    role: fc.oneof(fc.string(), fc.constant('Engineering Manager')),
    date: fc.oneof(fc.constantFrom('2026-11-30', '2099-01-01', '30.11.2026', ''), fc.string()),
    evidence: fc.oneof(fc.webUrl(), fc.string()),
  },
  { requiredKeys: [] },
);

describe('attestations loader under generated input', () => {
  it('returns the file or throws AttestationsError, for structured and for garbage YAML', () => {
    let n = 0;
    const doc = fc.oneof(
      fc.record({ sample: fc.boolean(), attestations: fc.array(entry, { maxLength: 5 }) }).map((d) => JSON.stringify(d)),
      fc.string(),
      fc.constantFrom('attestations: [', ':', '- a\n- b', 'attestations: null', '{}'),
    );
    fc.assert(
      fc.property(doc, (text) => {
        const file = join(dir, `att-${n++}.yaml`);
        writeFileSync(file, text);
        try {
          const loaded = loadAttestations(file, ['PRE-8.1', 'SO-1', 'RB-5'], new Date('2026-12-01'));
          for (const a of loaded.attestations) expect(['PRE-8.1', 'SO-1', 'RB-5']).toContain(a.item);
        } catch (error) {
          expect(error).toBeInstanceOf(AttestationsError);
          expect((error as AttestationsError).problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

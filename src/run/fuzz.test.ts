// Property tests of the run's own inputs: fault definitions and CLI flags. Generated input gives a
// result or a clear, typed error (bad input, exit 2), never a crash.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FaultDefinitionError, loadFault } from './faults.js';
import { parseRunOptions, UsageError } from './options.js';

const dir = mkdtempSync(join(tmpdir(), 'fuzz-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fault definitions under generated input', () => {
  it('load or throw FaultDefinitionError', () => {
    let n = 0;
    const doc = fc.oneof(
      fc.string(),
      fc
        .record(
          {
            item: fc.constantFrom('VER-1', 'x'),
            description: fc.string(),
            expect: fc.string(),
            appEnv: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())),
          },
          { requiredKeys: [] },
        )
        .map((d) => JSON.stringify(d)),
      fc.constantFrom('*a', 'item: [', ': :', 'repo: {write: 3}'),
    );
    fc.assert(
      fc.property(doc, (text) => {
        const name = `f${n++}`;
        mkdirSync(join(dir, name));
        writeFileSync(join(dir, name, 'fault.yaml'), text);
        try {
          expect(loadFault(name, dir).name).toBe(name);
        } catch (error) {
          expect(error).toBeInstanceOf(FaultDefinitionError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('CLI flags under generated input', () => {
  it('parse or throw UsageError', () => {
    const arg = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '--item',
        'VER-1',
        '--phase',
        'pre',
        'e2e',
        '--fault',
        '--env-file',
        '--images',
        'local',
        '--deadline-ms',
        '5',
        '--list',
        '--json',
        '-h',
        '--',
        '--item=VER-99',
      ),
    );
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 8 }), (argv) => {
        try {
          parseRunOptions(argv, {});
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AttestationsError, loadAttestations } from './attestations.js';

const ids = ['PRE-8.1', 'SO-1'];
const today = new Date('2026-12-01T12:00:00Z');
function write(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'attestations-')), 'attestations.yaml');
  writeFileSync(file, text);
  return file;
}
function problems(file: string): string[] {
  try {
    loadAttestations(file, ids, today);
  } catch (error) {
    expect(error).toBeInstanceOf(AttestationsError);
    return (error as AttestationsError).problems;
  }
  return [];
}

describe('loadAttestations', () => {
  it('reads a valid file, dates as YAML dates or strings', () => {
    const file = write(
      'attestations:\n  - { item: PRE-8.1, by: Dana Example, role: Engineering Manager, date: 2026-11-30, evidence: "https://wiki.example.org/oncall" }\n',
    );
    expect(loadAttestations(file, ids, today)).toEqual({
      sample: false,
      attestations: [{ item: 'PRE-8.1', by: 'Dana Example', role: 'Engineering Manager', date: '2026-11-30', evidence: 'https://wiki.example.org/oncall' }],
    });
  });

  it('names every problem of a malformed file, one line each', () => {
    const file = write(
      [
        'attestations:',
        '  - { item: VER-99, by: Dana Example, role: Engineering Manager, date: 2026-11-30 }',
        '  - { item: PRE-8.1, by: D, role: Engineering Manager, date: 30.11.2026 }',
        '  - { item: SO-1, by: Dana Example, role: Tech Lead, date: 2027-01-01, evidence: not-a-url }',
        '  - { item: PRE-8.1, by: Dana Example, role: Engineering Manager, date: 2026-11-30, signed: yes }',
      ].join('\n'),
    );
    const found = problems(file);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^attestations\.1\.by: must name the person/),
        expect.stringMatching(/^attestations\.1\.date: must be a date YYYY-MM-DD/),
        expect.stringMatching(/^attestations\.2\.evidence: must be a URL/),
        expect.stringMatching(/^attestations\.3: Unrecognized key: "signed"/),
      ]),
    );
  });

  it('rejects unknown items and dates in the future once the shape is right', () => {
    const file = write(
      'attestations:\n  - { item: VER-99, by: Dana Example, role: SRE, date: 2026-11-30 }\n  - { item: SO-1, by: Dana Example, role: SRE, date: 2027-01-01 }\n',
    );
    expect(problems(file)).toEqual(['attestations.0.item: VER-99 is not an item of the checklist', 'attestations.1.date: 2027-01-01 lies in the future']);
  });

  it('rejects a file that is not YAML, or does not exist', () => {
    expect(problems(write('attestations: [ { item: PRE-8.1\n'))[0]).toMatch(/^YAML: /);
    expect(problems('/nonexistent/attestations.yaml')).toEqual(['the file does not exist']);
  });
});

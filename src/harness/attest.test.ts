import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAttestations, type AttestationsFile } from '../deployment/attestations.js';
import { CheckFailed, ItemBroken } from '../registry/errors.js';
import { getItem, ITEMS } from '../registry/registry.js';
import { decideAttestations, assertAttestable } from './attest.js';

const now = new Date('2026-12-01T12:00:00Z');
const file = 'attestations.yaml';
const source = (attestations: AttestationsFile['attestations'], maxAgeDays = 30) => ({ file, content: { sample: false, attestations }, maxAgeDays });
const entry = (item: string, role: string, date = '2026-11-30', by = 'Dana Example') => ({ item, by, role, date });

/** The CheckFailed message decideAttestations throws, or '' when it passes. */
function failure(run: () => unknown): string {
  try {
    run();
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(CheckFailed);
    return (error as Error).message;
  }
}

describe('decideAttestations', () => {
  it('passes every attest item on the sample file of the reference deployment (with its 10-year age limit)', () => {
    const sample = loadAttestations(
      resolve(import.meta.dirname, '../../attestations.sample.yaml'),
      ITEMS.map((i) => i.id),
      now,
    );
    expect(sample.sample).toBe(true);
    const attestItems = ITEMS.filter((i) => i.how === 'attest' || i.how === 'auto+attest');
    expect(attestItems.length).toBeGreaterThan(0);
    for (const item of attestItems) {
      const found = decideAttestations(item, { file, content: sample, maxAgeDays: 3650 }, now);
      expect(
        found.map((a) => a.item),
        item.id,
      ).toEqual((item.attestedBy ?? [item.responsible]).map(() => item.id));
    }
  });

  it('passes on a fresh attestation of the responsible role, and returns who, role and date', () => {
    expect(decideAttestations(getItem('PRE-8.1'), source([entry('PRE-8.1', 'engineering manager')]), now)).toEqual([entry('PRE-8.1', 'engineering manager')]);
  });

  it('accepts either role of a shared responsibility ("DevOps + SRE")', () => {
    expect(getItem('DEP-1.3').responsible).toBe('DevOps + SRE');
    expect(decideAttestations(getItem('DEP-1.3'), source([entry('DEP-1.3', 'SRE')]), now)).toHaveLength(1);
  });

  it('fails a missing attestation, saying it is missing and who must give it', () => {
    const message = failure(() => decideAttestations(getItem('PRE-8.1'), source([entry('PRE-8.2', 'Engineering Manager')]), now));
    expect(message).toMatch(/Expected an attestation of PRE-8\.1 by the Engineering Manager, but found missing: no entry for this item\./);
    expect(message).toContain('Where: attestations.yaml');
  });

  it('fails a stale attestation, saying it is stale with its date and the age limit', () => {
    const message = failure(() => decideAttestations(getItem('PRE-8.1'), source([entry('PRE-8.1', 'Engineering Manager', '2026-10-01')]), now));
    expect(message).toMatch(/at most 30 days old, but found stale: 2026-10-01 by Dana Example/);
    expect(message).toContain('ATTESTATION_MAX_AGE_DAYS is 30');
  });

  it('fails an attestation of the wrong role, naming the role given and the one required', () => {
    const message = failure(() => decideAttestations(getItem('PRE-8.1'), source([entry('PRE-8.1', 'SRE')]), now));
    expect(message).toMatch(/by the Engineering Manager, but found wrong role: Dana Example as SRE/);
  });

  it('needs every role an item names, and says which one is missing', () => {
    const so1 = getItem('SO-1');
    const roles = so1.attestedBy ?? [];
    expect(roles.length).toBeGreaterThan(1);
    const message = failure(() => decideAttestations(so1, source(roles.slice(1).map((role) => entry('SO-1', role))), now));
    expect(message).toContain(`by the ${roles[0]}`);
    expect(message).not.toContain(`by the ${roles[1]},`);
  });

  it('fails when there is no attestations file, naming the variable', () => {
    expect(failure(() => decideAttestations(getItem('PRE-8.1'), { file: null, content: null, maxAgeDays: 30 }, now))).toMatch(
      /found no attestations file\.\nWhere: ATTESTATIONS_FILE/,
    );
  });

  it('refuses an item that takes no attestation (a programming error: broken)', () => {
    expect(() => assertAttestable(getItem('VER-1'))).toThrow(ItemBroken);
  });
});

import type { Attestation, AttestationsFile } from '../deployment/attestations.js';
import { CheckFailed, ItemBroken, type Finding } from '../registry/errors.js';
import type { ChecklistItem } from '../registry/types.js';

const DAY_MS = 86_400_000;
const norm = (s: string) => s.trim().toLowerCase();

/** The roles an item's attestation must come from: the registry's `attestedBy`, else its responsible role. */
export function requiredRoles(item: ChecklistItem): readonly string[] {
  return item.attestedBy ?? [item.responsible];
}

/** A role matches the required one, or one part of a shared one ("DevOps + SRE" accepts "SRE"). */
function roleMatches(given: string, required: string): boolean {
  const parts = required.split('+').map(norm);
  return norm(given) === norm(required) || parts.includes(norm(given));
}

/**
 * Decides an item's attestation part: for each required role, a valid attestation of this item by
 * that role, younger than `maxAgeDays`. Fails naming which of missing, stale or wrong role it is.
 */
export function decideAttestations(
  item: ChecklistItem,
  source: { file: string | null; content: AttestationsFile | null; maxAgeDays: number },
  now = new Date(),
): Attestation[] {
  if (!source.file || !source.content) {
    throw new CheckFailed({
      expected: `an attestation of ${item.id} by ${requiredRoles(item).join(', ')}`,
      found: 'no attestations file',
      where: 'ATTESTATIONS_FILE (default attestations.yaml in the target repository)',
      hint: `add an attestations file with an entry { item: ${item.id}, by, role, date } signed by the responsible person`,
    });
  }
  const ofItem = source.content.attestations.filter((a) => a.item === item.id);
  const found: Attestation[] = [];
  const findings: Finding[] = [];
  for (const role of requiredRoles(item)) {
    const byRole = ofItem.filter((a) => roleMatches(a.role, role));
    const fresh = byRole.filter((a) => now.getTime() - Date.parse(a.date) <= source.maxAgeDays * DAY_MS);
    const newest = fresh.sort((a, b) => Date.parse(b.date) - Date.parse(a.date))[0];
    if (newest) {
      found.push(newest);
      continue;
    }
    const where = source.file;
    if (byRole.length) {
      const dates = byRole.map((a) => `${a.date} by ${a.by}`).join(', ');
      findings.push({
        expected: `an attestation of ${item.id} by the ${role} at most ${source.maxAgeDays} days old`,
        found: `stale: ${dates}`,
        where,
        hint: `the ${role} attests again (ATTESTATION_MAX_AGE_DAYS is ${source.maxAgeDays})`,
      });
    } else if (ofItem.length) {
      const roles = ofItem.map((a) => `${a.by} as ${a.role}`).join(', ');
      findings.push({
        expected: `an attestation of ${item.id} by the ${role}`,
        found: `wrong role: ${roles}`,
        where,
        hint: `the registry names ${role} as responsible for ${item.id}`,
      });
    } else {
      findings.push({
        expected: `an attestation of ${item.id} by the ${role}`,
        found: 'missing: no entry for this item',
        where,
        hint: `add { item: ${item.id}, by, role: ${role}, date } once the ${role} has decided`,
      });
    }
  }
  if (findings.length) throw new CheckFailed(findings);
  return found;
}

/** For an item whose `how` has no attest part: a programming error in the test. */
export function assertAttestable(item: ChecklistItem): void {
  if (item.how !== 'attest' && item.how !== 'auto+attest') throw new ItemBroken(`${item.id} is "${item.how}": it takes no attestation`);
}

import { loadAttestations, type AttestationsFile } from '../deployment/attestations.js';
import { decideAttestations, requiredRoles } from '../harness/attest.js';
import { CheckFailed } from '../registry/errors.js';
import { getItem, ITEMS } from '../registry/registry.js';

/** The items whose attestations are the sign-off's approvals: pre-deployment (SO-1) and post-deployment (SO-2). */
export const APPROVAL_ITEMS = ['SO-1', 'SO-2'] as const;

/** One required approval: who gave it, in which role, when, or why it is not there. */
export interface Approval {
  item: string;
  role: string;
  approved: boolean;
  by?: string;
  date?: string;
  /** Missing, stale or of another role: what a person must do. */
  problem?: string;
}

/** Every role SO-1 and SO-2 require, each with its attestation or the reason it does not count. */
export function approvals(source: { file: string | null; maxAgeDays: number }, now = new Date()): Approval[] {
  let content: AttestationsFile | null = null;
  let unreadable: string | undefined;
  if (source.file) {
    try {
      content = loadAttestations(
        source.file,
        ITEMS.map((i) => i.id),
        now,
      );
    } catch (error) {
      unreadable = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
  }
  return APPROVAL_ITEMS.flatMap((id) => {
    const item = getItem(id);
    return requiredRoles(item).map((role): Approval => {
      if (unreadable) return { item: id, role, approved: false, problem: unreadable };
      try {
        const [found] = decideAttestations({ ...item, attestedBy: [role] }, { file: source.file, content, maxAgeDays: source.maxAgeDays }, now);
        return { item: id, role, approved: true, by: found?.by, date: found?.date };
      } catch (error) {
        if (!(error instanceof CheckFailed)) throw error;
        return { item: id, role, approved: false, problem: error.findings.map((f) => `${f.found} (${f.hint ?? f.expected})`).join('; ') };
      }
    });
  });
}

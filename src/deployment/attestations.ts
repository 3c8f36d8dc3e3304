import { z } from 'zod';
import { isoDate as isoDateOf, loadYamlFile, InputFileError } from './yaml-file.js';

/**
 * The people's decisions, as a versioned file of the target's repository (YAML):
 *
 * ```yaml
 * attestations:
 *   - item: PRE-8.1
 *     by: Dana Example
 *     role: Engineering Manager
 *     date: 2026-11-30
 *     evidence: https://wiki.example.org/oncall   # optional
 *     note: primary, secondary and escalation named  # optional
 * ```
 */
const isoDate = isoDateOf('2026-11-30');

export const attestationSchema = z
  .object({
    item: z.string().regex(/^(PRE|DEP|SMOKE|VER|RB|SO)-\d+(\.\d+)?$/, 'must be an item id (example: PRE-8.1)'),
    by: z.string().trim().min(2, 'must name the person (example: Dana Example)'),
    role: z.string().trim().min(2, 'must name the role (example: Engineering Manager)'),
    date: isoDate,
    evidence: z.string().url('must be a URL (example: https://wiki.example.org/oncall)').optional(),
    note: z.string().optional(),
  })
  .strict();

export const attestationsFileSchema = z
  .object({
    /** A sample file says so, and the sign-off repeats it. */
    sample: z.boolean().default(false),
    attestations: z.array(attestationSchema),
  })
  .strict();

export type Attestation = z.output<typeof attestationSchema>;
export type AttestationsFile = z.output<typeof attestationsFileSchema>;

/** An attestations file that is not valid: bad input, one line per problem, before anything starts. */
export class AttestationsError extends InputFileError {
  static override readonly what = 'attestations file';
}

/** Reads and validates an attestations file; `knownIds` rejects attestations of items that do not exist. */
export function loadAttestations(file: string, knownIds: readonly string[], today = new Date()): AttestationsFile {
  const data = loadYamlFile(file, attestationsFileSchema, (problems) => {
    throw new AttestationsError(file, problems);
  });
  const problems: string[] = [];
  data.attestations.forEach((a, i) => {
    if (!knownIds.includes(a.item)) problems.push(`attestations.${i}.item: ${a.item} is not an item of the checklist`);
    if (Date.parse(a.date) > today.getTime()) problems.push(`attestations.${i}.date: ${a.date} lies in the future`);
  });
  if (problems.length) throw new AttestationsError(file, problems);
  return data;
}

import { existsSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';

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
const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), 'must be a date YYYY-MM-DD (example: 2026-11-30)');

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
export class AttestationsError extends Error {
  override readonly name = 'AttestationsError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not a valid attestations file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates an attestations file; `knownIds` rejects attestations of items that do not exist. */
export function loadAttestations(file: string, knownIds: readonly string[], today = new Date()): AttestationsFile {
  if (!existsSync(file)) throw new AttestationsError(file, ['the file does not exist']);
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length) throw new AttestationsError(file, doc.errors.map((e) => `YAML: ${e.message.split('\n')[0]}`));
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    throw new AttestationsError(file, [`YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`]);
  }
  const parsed = attestationsFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new AttestationsError(
      file,
      parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`),
    );
  }
  const problems: string[] = [];
  parsed.data.attestations.forEach((a, i) => {
    if (!knownIds.includes(a.item)) problems.push(`attestations.${i}.item: ${a.item} is not an item of the checklist`);
    if (Date.parse(a.date) > today.getTime()) problems.push(`attestations.${i}.date: ${a.date} lies in the future`);
  });
  if (problems.length) throw new AttestationsError(file, problems);
  return parsed.data;
}

import { z } from 'zod';
import { isoDate, loadYamlFile, InputFileError } from './yaml-file.js';

/**
 * Waivers of the target, as Chef InSpec has them: a versioned YAML file of the target's repository
 * (WAIVERS_FILE). A waived item still runs and shows its real status; while the waiver is valid, a
 * failed or broken blocker it covers does not block the verdict, and the sign-off says so.
 *
 * ```yaml
 * notice: why these waivers exist (shown on the sign-off)   # optional
 * waivers:
 *   - item: PRE-1.6
 *     justification: no vulnerability scanner on the build hosts; scanned by the registry instead
 *     approvedBy: Sam Security (Security Team)
 *     expires: 2027-03-31
 * ```
 */
export const waiverSchema = z
  .object({
    item: z.string().trim().min(1, 'must be an item id (example: PRE-1.6)'),
    justification: z.string().trim().min(10, 'must say why, in at least 10 characters (example: no scanner on the build hosts)'),
    approvedBy: z.string().trim().min(2, 'must name who approved it (example: Sam Security (Security Team))'),
    expires: isoDate('2027-03-31'),
  })
  .strict();

export const waiversFileSchema = z
  .object({
    /** Shown on the sign-off above the waivers, e.g. "waivers of the reference deployment: machine limits". */
    notice: z.string().optional(),
    waivers: z.array(waiverSchema),
  })
  .strict();

export type Waiver = z.output<typeof waiverSchema>;
export type WaiversFile = z.output<typeof waiversFileSchema>;

/** A waivers file that is not valid YAML or not of this shape: bad input, before anything starts. */
export class WaiversError extends InputFileError {
  static override readonly what = 'waivers file';
}

/**
 * Reads and validates a waivers file. Shape errors are bad input; an unknown item id or an expired
 * date is not (the file is valid, the waiver is not): the sign-off reports those.
 */
export function loadWaivers(file: string): WaiversFile {
  const data = loadYamlFile(file, waiversFileSchema, (problems) => {
    throw new WaiversError(file, problems);
  });
  const seen = new Set<string>();
  const problems: string[] = [];
  data.waivers.forEach((w, i) => {
    if (seen.has(w.item)) problems.push(`waivers.${i}.item: ${w.item} is waived twice; keep one entry per item`);
    seen.add(w.item);
  });
  if (problems.length) throw new WaiversError(file, problems);
  return data;
}

/** Why a waiver does not count. */
export type WaiverProblem = 'expired' | 'unknown-item';

export interface WaiverState extends Waiver {
  valid: boolean;
  problem?: WaiverProblem;
}

/** Each waiver with whether it counts today: an expired one or one of an unknown item does not. */
export function waiverStates(file: WaiversFile, knownIds: readonly string[], today = new Date()): WaiverState[] {
  const day = today.toISOString().slice(0, 10);
  return file.waivers.map((w) => {
    const problem: WaiverProblem | undefined = !knownIds.includes(w.item) ? 'unknown-item' : w.expires < day ? 'expired' : undefined;
    return { ...w, valid: !problem, problem };
  });
}

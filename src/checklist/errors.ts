/**
 * How a checklist test ends when it does not pass. Allure reads the error's name:
 * an assertion-like name is "failed" (the target is wrong), anything else is "broken"
 * (the item could not be decided).
 */

/** What a person needs to act on a failed check. */
export interface Finding {
  /** What the item requires. @example 'mcp_vector_memory_count exposed' */
  expected: string;
  /** What the suite saw instead. @example 'no such metric among 61 mcp_ series' */
  found: string;
  /** Where it looked: a URL, a file, a container. */
  where: string;
  /** Optional: what to do about it. */
  hint?: string;
}

export function formatFinding(f: Finding): string {
  const lines = [`Expected ${f.expected}, but found ${f.found}.`, `Where: ${f.where}`];
  if (f.hint) lines.push(`Hint: ${f.hint}`);
  return lines.join('\n');
}

/** The target does not meet the item: reported as failed. */
export class CheckFailed extends Error {
  override readonly name = 'AssertionError';
  constructor(readonly finding: Finding) {
    super(formatFinding(finding));
  }
}

/** The item could not be decided (a part unreachable, a tool missing): reported as broken. */
export class ItemBroken extends Error {
  override readonly name = 'ItemBroken';
}

export const NOT_IMPLEMENTED = 'not implemented yet';

/** Fail the check unless `condition` holds. */
export function check(condition: unknown, finding: Finding): asserts condition {
  if (!condition) throw new CheckFailed(finding);
}

/** Fails with every finding at once, so one run shows all that is wrong with an item. */
export function checkAll(findings: readonly (Finding | undefined | false)[]): void {
  const real = findings.filter((f): f is Finding => Boolean(f));
  if (real.length === 1) throw new CheckFailed(real[0]!);
  if (real.length > 1) {
    const error = new CheckFailed(real[0]!);
    error.message = real.map((f, i) => `(${i + 1}) ${formatFinding(f)}`).join('\n');
    throw error;
  }
}

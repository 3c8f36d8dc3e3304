/**
 * How a checklist item ends, decided by the project and not by a reporter's heuristic:
 * - `passed`: the item's checks held;
 * - `failed` (CheckFailed): the target is wrong;
 * - `broken` (ItemBroken, or any other error): the item could not be decided;
 * - `skipped` (NotApplicable): the item does not apply to this target, always with a reason.
 */

export type ItemStatus = 'passed' | 'failed' | 'broken' | 'skipped';
export const ITEM_STATUSES: readonly ItemStatus[] = ['passed', 'failed', 'broken', 'skipped'];

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
  override readonly name = 'CheckFailed';
  readonly findings: readonly Finding[];
  constructor(findings: Finding | readonly Finding[]) {
    const list = Array.isArray(findings) ? (findings as readonly Finding[]) : [findings as Finding];
    super(list.length === 1 ? formatFinding(list[0]!) : list.map((f, i) => `(${i + 1}) ${formatFinding(f)}`).join('\n'));
    this.findings = list;
  }
}

/** The item could not be decided (a part unreachable, a tool missing, a deadline): reported as broken. */
export class ItemBroken extends Error {
  override readonly name = 'ItemBroken';
}

/**
 * Why an item may not apply to a target. The registry lists, per item, the kinds it may be skipped
 * for; a blocker skipped for a kind it does not list keeps the verdict NOT READY.
 * - `not-used`: an integration the target does not use (Slack, email, external monitoring);
 * - `not-configured`: the target names no such thing to check (no TLS endpoint, no log source, no command);
 * - `disruptive`: the item stops or restores parts, and this run is not allowed to (external mode);
 * - `read-only`: the item writes to the target, and the run is read-only;
 * - `absent`: the target has not got the part the item needs (no notification receiver to read back).
 */
export type NotApplicableKind = 'not-used' | 'not-configured' | 'disruptive' | 'read-only' | 'absent';
export const NOT_APPLICABLE_KINDS: readonly NotApplicableKind[] = ['not-used', 'not-configured', 'disruptive', 'read-only', 'absent'];

/** The item does not apply to this target: reported as skipped, with its kind and reason. */
export class NotApplicable extends Error {
  override readonly name = 'NotApplicable';
  constructor(
    readonly kind: NotApplicableKind,
    readonly reason: string,
  ) {
    super(`not applicable (${kind}): ${reason}`);
  }
}

export const NOT_IMPLEMENTED = 'not implemented yet';

/** Fail the check unless `condition` holds. */
export function check(condition: unknown, finding: Finding): asserts condition {
  if (!condition) throw new CheckFailed(finding);
}

/** Fails with every finding at once, so one run shows all that is wrong with an item. */
export function checkAll(findings: readonly (Finding | undefined | false | null | 0 | '')[]): void {
  const real = findings.filter((f): f is Finding => Boolean(f));
  if (real.length) throw new CheckFailed(real);
}

/** The project's decision for an error that ended an item. */
export interface Outcome {
  status: Exclude<ItemStatus, 'passed'>;
  message: string;
  kind?: NotApplicableKind;
}

export function outcomeOf(error: unknown): Outcome {
  if (error instanceof NotApplicable) return { status: 'skipped', message: error.message, kind: error.kind };
  if (error instanceof CheckFailed) return { status: 'failed', message: error.message };
  // An assertion of a runner's expect() (Vitest's or Playwright's) is a check on the target, too.
  if (error instanceof Error && 'matcherResult' in error) return { status: 'failed', message: error.message };
  if (error instanceof Error) return { status: 'broken', message: error instanceof ItemBroken ? error.message : `${error.name}: ${error.message}` };
  return { status: 'broken', message: String(error) };
}

/** The vocabularies of a checklist item. Each is a closed set: a typo is a type error. */

/** Where in the deployment an item is decided; also the Allure epic. */
export const PHASES = {
  pre: 'Pre-deployment',
  deploy: 'Deployment',
  smoke: 'Smoke',
  verify: 'Verification',
  rollback: 'Rollback',
  signoff: 'Sign-off',
} as const;
export type Phase = keyof typeof PHASES;

/**
 * How an item is decided (checklist-items.md):
 * - `auto`: the suite decides it from the target;
 * - `auto+attest`: a probe plus a named person's attestation;
 * - `attest`: only a person can decide it; it passes on a valid attestation;
 * - `record`: measured and written into the sign-off.
 */
export type How = 'auto' | 'auto+attest' | 'attest' | 'record';

/**
 * Whether a failure blocks the deployment, as the seed says it:
 * "Yes", "No", "No (warning only)", "Yes (for critical issues)".
 */
export type Blocker = 'yes' | 'no' | 'warning-only' | 'yes-for-critical';

/** Allure severity: critical for CRITICAL sections and blockers, normal otherwise. */
export type Severity = 'critical' | 'normal';

/**
 * What an item needs to be decided:
 * - `tree`: the target's files (configs, docs, code) and at most a one-shot container;
 * - `live`: the running deployment (the reference stack is started for it).
 */
export type Scope = 'tree' | 'live';

/** One checklist item: the data a test, the report and the sign-off share. */
export interface ChecklistItem {
  /** Stable id from checklist-items.md. @example 'VER-1' */
  readonly id: string;
  readonly phase: Phase;
  /** The seed's section heading. @example '6. Monitoring Configuration' */
  readonly section: string;
  readonly title: string;
  readonly how: How;
  readonly blocker: Blocker;
  readonly severity: Severity;
  /** The seed's responsible role; the Allure owner. */
  readonly responsible: string;
  readonly scope: Scope;
}

/** True when a failure of the item stops the deployment. */
export function isBlocking(item: Pick<ChecklistItem, 'blocker'>): boolean {
  return item.blocker === 'yes' || item.blocker === 'yes-for-critical';
}

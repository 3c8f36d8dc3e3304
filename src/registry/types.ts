/** The vocabularies of a checklist item. Each is a closed set: a typo is a type error. */
import type { NotApplicableKind } from './errors.js';

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
 * How an item is decided (docs/checklist.md):
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
  /** Stable id (docs/checklist.md). @example 'VER-1' */
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
  /**
   * The kinds of "not applicable" this item may be skipped for (errors.ts). An item skipped for
   * another kind, or that lists none, is not decided: a blocker skipped so keeps NOT READY.
   * @example ['not-used']
   */
  readonly mayNotApply?: readonly NotApplicableKind[];
  /**
   * What the item changes on the target, when it changes anything (it cleans up after itself);
   * a `--read-only` run skips it. @example 'starts 3 journal sessions through MCP and ends them'
   */
  readonly writes?: string;
  /**
   * For `attest` and `auto+attest` items: the roles whose attestations the item needs, each one.
   * @defaultValue [responsible]
   * @example ['Engineering Manager', 'Tech Lead', 'SRE Lead']
   */
  readonly attestedBy?: readonly string[];
  /**
   * How the item changes the shared stack while it runs (a reload, a load test, a test alert):
   * it runs after the items that only read the stack, so that none of them sees its effect.
   * @example 'reloads Prometheus (reference stack)'
   */
  readonly disturbs?: string;
  /**
   * The results of this run's items the item is decided from (DEP-1.1: the pre-deployment phase):
   * it runs after every item that only reads the stack, so that it finds them decided instead of
   * deciding them again. @example 'the pre-deployment items'
   */
  readonly readsResultsOf?: string;
}

/** True when a failure of the item stops the deployment. */
export function isBlocking(item: Pick<ChecklistItem, 'blocker'>): boolean {
  return item.blocker === 'yes' || item.blocker === 'yes-for-critical';
}

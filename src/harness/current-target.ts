import { loadExternalTarget } from '../deployment/load.js';
import { readTargetFile, TARGET_FILE_ENV, writeTargetFile, type Target } from '../deployment/target.js';
import { ItemBroken } from '../registry/errors.js';
import { escapeRegExp } from '../registry/regexp.js';

let cached: Target | undefined;

/**
 * The target of this run, for a test worker: the file the runner wrote (CHECKLIST_TARGET_FILE), or
 * an existing deployment's env file named by CHECKLIST_ENV_FILE when a runner is started by hand.
 */
export function currentTarget(env: NodeJS.ProcessEnv = process.env): Target {
  if (cached) return cached;
  const file = env[TARGET_FILE_ENV];
  const envFile = env.CHECKLIST_ENV_FILE;
  if (file) cached = readTargetFile(file);
  else if (envFile) cached = loadExternalTarget(envFile, env.CHECKLIST_PROFILE ? { CHECKLIST_PROFILE: env.CHECKLIST_PROFILE } : {});
  else throw new ItemBroken(`no target: run through \`npm run checklist\`, or set CHECKLIST_ENV_FILE=.env (an existing deployment) or ${TARGET_FILE_ENV}`);
  return cached;
}

const PARTS = ['app', 'prometheus', 'alertmanager', 'grafana'] as const;

/** `value` with every string that `prev` holds unchanged at the same place passed through `rewrite`. */
function rewriteUnchanged(prev: unknown, value: unknown, rewrite: (s: string) => string): unknown {
  if (typeof value === 'string') return value === prev ? rewrite(value) : value;
  if (Array.isArray(value)) return value.map((v, i) => rewriteUnchanged(Array.isArray(prev) ? prev[i] : undefined, v, rewrite));
  if (value && typeof value === 'object') {
    const old = prev && typeof prev === 'object' ? (prev as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteUnchanged(old[k], v, rewrite)]));
  }
  return value;
}

/**
 * `next` with every URL it kept from `prev` that named a moved part's old address (the uptime check
 * URL derived from the application's, a link in a setting) rewritten to the part's new one, all moves
 * at once (a part may take the port another one left): a part a drill moved is moved everywhere the
 * target names it, not only in the fields the drill set.
 */
export function followMoves(prev: Target, next: Target): Target {
  const moves = new Map(PARTS.map((p) => [new URL(prev[p].url).origin, new URL(next[p].url).origin] as const).filter(([from, to]) => from !== to));
  if (!moves.size) return next;
  const re = new RegExp(`(${[...moves.keys()].map(escapeRegExp).join('|')})(?![0-9])`, 'g');
  return rewriteUnchanged(prev, next, (s) => s.replace(re, (from) => moves.get(from) ?? from)) as Target;
}

/**
 * The rollback drill replaces parts of the stack (new URLs): it updates the target here and in the
 * runner's target file, so later items, later stages, the run's health poller and a later `--reuse`
 * run reach the new parts.
 */
export function replaceCurrentTarget(target: Target, env: NodeJS.ProcessEnv = process.env): void {
  const file = env[TARGET_FILE_ENV];
  const next = cached ? followMoves(cached, target) : target;
  if (file) writeTargetFile(file, next);
  cached = next;
}

import { parseArgs } from 'node:util';
import { hasItem, isPhase } from '../registry/registry.js';
import type { Phase } from '../registry/types.js';

/** The image sets of images/<set>.env. */
export type ImageSet = 'local' | 'official';

export function isImageSet(value: string | undefined): value is ImageSet {
  return value === 'local' || value === 'official';
}

/** CHECKLIST_IMAGES, validated: the image set to use when no --images flag says otherwise. */
export function imageSetFromEnv(env: NodeJS.ProcessEnv = process.env): ImageSet | undefined {
  const value = env.CHECKLIST_IMAGES;
  if (value === undefined || value === '') return undefined;
  if (!isImageSet(value)) throw new UsageError(`CHECKLIST_IMAGES must be local or official, not "${value}"`);
  return value;
}

/** What `npm run checklist -- ...` was asked to do. */
export interface RunOptions {
  list: boolean;
  json: boolean;
  envFile?: string;
  images?: ImageSet;
  items: string[];
  phases: Phase[];
  blockersOnly: boolean;
  fault?: string;
  reportsDir: string;
  report: boolean;
  deadlineMs: number;
  /** Items that write to the target are skipped as not applicable. */
  readOnly: boolean;
  /** Disruptive items (stop, restore) may run against an existing deployment. */
  allowDisruptive: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run checklist -- [options]

Runs the Phase 3 deployment checklist and writes reports/signoff.{json,md} and an Allure report.
Exit code 0 only when the verdict is READY.

Target (default: the reference stack, started and removed by the run):
  --env-file FILE      check an existing deployment described by FILE (see .env.example); nothing is started
  --images local|official
                       images of the reference stack: local = built here by scripts/build-images.sh,
                       official = prom/prometheus, prom/alertmanager, grafana/grafana (needs a registry)
  --fault NAME         seed a fault of fixtures/faults/NAME into the reference stack

Selection (repeatable; default: every item):
  --item ID            e.g. --item VER-1 --item PRE-6.1
  --phase PHASE        pre | deploy | smoke | verify | rollback | signoff
  --blockers-only      only items whose failure blocks the deployment

Permissions:
  --read-only          skip the items that write to the target (see README, "What a run changes")
  --allow-disruptive   let disruptive items (stop the monitoring stack, restore from backup) run
                       against an existing deployment; the reference stack always allows them

Output:
  --list [--json]      print the registry and exit
  --reports-dir DIR    where signoff.json, signoff.md, allure-results/ and allure-report/ go (default: reports)
  --no-report          skip the Allure HTML report
  --deadline-ms MS     the whole run's deadline (default: 600000)
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseRunOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): RunOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        list: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        'env-file': { type: 'string' },
        images: { type: 'string' },
        item: { type: 'string', multiple: true, default: [] },
        phase: { type: 'string', multiple: true, default: [] },
        'blockers-only': { type: 'boolean', default: false },
        fault: { type: 'string' },
        'reports-dir': { type: 'string', default: 'reports' },
        'no-report': { type: 'boolean', default: false },
        'deadline-ms': { type: 'string', default: '600000' },
        'read-only': { type: 'boolean', default: false },
        'allow-disruptive': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const problems: string[] = [];
  const images = values.images ?? env.CHECKLIST_IMAGES;
  if (images !== undefined && !isImageSet(images)) problems.push(`--images must be local or official, not "${images}"`);
  for (const id of values.item) if (!hasItem(id)) problems.push(`--item ${id}: no such item (npm run checklist -- --list shows them)`);
  for (const p of values.phase) if (!isPhase(p)) problems.push(`--phase ${p}: must be one of pre, deploy, smoke, verify, rollback, signoff`);
  const deadlineMs = Number(values['deadline-ms']);
  if (!Number.isInteger(deadlineMs) || deadlineMs < 10_000) problems.push(`--deadline-ms must be a whole number >= 10000, not "${values['deadline-ms']}"`);
  if (values.fault && values['env-file']) problems.push('--fault seeds the reference stack; it cannot be combined with --env-file');
  if (values.fault !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(values.fault)) problems.push(`--fault ${values.fault}: fault names are lowercase words joined by -`);
  if (problems.length) throw new UsageError(problems.join('\n'));
  return {
    list: values.list,
    json: values.json,
    envFile: values['env-file'],
    images: isImageSet(images) ? images : undefined,
    items: values.item,
    phases: values.phase.filter(isPhase),
    blockersOnly: values['blockers-only'],
    fault: values.fault,
    reportsDir: values['reports-dir'],
    report: !values['no-report'],
    deadlineMs,
    readOnly: values['read-only'],
    allowDisruptive: values['allow-disruptive'],
    help: values.help,
  };
}

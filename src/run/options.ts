import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ITEMS, hasItem, isPhase } from '../registry/registry.js';
import type { Phase, Severity } from '../registry/types.js';
import { closest } from '../deployment/near.js';

/** The image sets of images/<set>.env. */
export type ImageSet = 'local' | 'official';
/** `--phase e2e` selects the items decided in a browser (tests/e2e). */
export type PhaseFilter = Phase | 'e2e';
/** Load-test profiles (PRE-10.1): `ci` 10 s, `release` 300 s, both at 1000 req/s. */
export type Profile = 'ci' | 'release';

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
  quiet: boolean;
  envFile?: string;
  images?: ImageSet;
  items: string[];
  phases: PhaseFilter[];
  severity?: Severity;
  blockersOnly: boolean;
  fault?: string;
  profile: Profile;
  reportsDir: string;
  report: boolean;
  deadlineMs: number;
  /** Items that write to the target are skipped as not applicable. */
  readOnly: boolean;
  /** Disruptive items (stop, restore) may run against an existing deployment. */
  allowDisruptive: boolean;
  /** Leave the reference stack running after the run (`--keep`), or run on the kept one (`--reuse`). */
  keep: boolean;
  reuse: boolean;
  /** This run is shard `index` of `count` (1-based). */
  shard?: { index: number; count: number };
  help: boolean;
}

export const PHASE_NAMES: readonly PhaseFilter[] = ['pre', 'deploy', 'smoke', 'verify', 'e2e', 'rollback', 'signoff'];

export const USAGE = `Usage: npm run checklist -- [options]
       npm run checklist -- merge DIR... [--reports-dir DIR]   (combine shards into one report and sign-off)

Runs the Phase 3 deployment checklist and writes reports/signoff.{json,md}, an Allure report and JUnit XML.
Exit codes: 0 READY, 1 NOT READY, 2 bad input (nothing was started), 3 the run itself failed,
130 / 143 interrupted (SIGINT / SIGTERM).

Target (default: the reference stack, started and removed by the run):
  --env-file FILE      check an existing deployment described by FILE (see .env.example); nothing is started
  --images local|official
                       images of the reference stack: local = built here by scripts/build-images.sh,
                       official = prom/prometheus, prom/alertmanager, grafana/grafana (needs a registry)
  --fault NAME         seed a fault of fixtures/faults/NAME into the reference stack
  --keep               leave the reference stack running after the run, and say how to reach it
  --reuse              run on the stack a --keep run left (seconds, not a full start); npm run cleanup removes it

Selection (repeatable; default: every item):
  --item ID            e.g. --item VER-1 --item PRE-6.1
  --phase PHASE        pre | deploy | smoke | verify | e2e | rollback | signoff
  --severity LEVEL     critical | normal
  --blockers-only      only items whose failure blocks the deployment
  --shard I/N          run the I-th of N parts of the selection (CI); combine them with \`merge\`

Permissions and profile:
  --read-only          skip the items that write to the target (see README, "What a run changes")
  --allow-disruptive   let disruptive items (stop the monitoring stack, restore from backup) run
                       against an existing deployment; the reference stack always allows them
  --profile ci|release load test profile: ci = 10 s, release = 300 s, both at 1000 req/s (default: ci)

Output:
  --list [--json]      print the registry and exit
  --json               at the end, print the sign-off summary as JSON on stdout
  --quiet              no progress lines; only the summary (or the JSON)
  --reports-dir DIR    where signoff.*, allure-results/, allure-report/ and junit/ go (default: reports)
  --no-report          skip the Allure HTML report
  --deadline-ms MS     the whole run's deadline (default: 600000); what did not finish is broken: deadline
  -h, --help           this text

Examples:
  npm run checklist -- --images local                          the whole checklist on the reference stack
  npm run checklist -- --images local --item VER-1             one item (starts the stack it needs)
  npm run checklist -- --images local --phase pre              pre-deployment items (no stack for tree items)
  npm run checklist -- --images local --fault metric-missing --item VER-1   see a check fail
  npm run checklist -- --env-file .env --read-only             an existing deployment, changing nothing there
  npm run checklist -- --images local --keep   then   npm run checklist -- --reuse --item VER-3
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const FLAGS = {
  list: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  'env-file': { type: 'string' },
  images: { type: 'string' },
  item: { type: 'string', multiple: true, default: [] as string[] },
  phase: { type: 'string', multiple: true, default: [] as string[] },
  severity: { type: 'string' },
  'blockers-only': { type: 'boolean', default: false },
  fault: { type: 'string' },
  profile: { type: 'string', default: 'ci' },
  'reports-dir': { type: 'string', default: 'reports' },
  'no-report': { type: 'boolean', default: false },
  'deadline-ms': { type: 'string', default: '600000' },
  'read-only': { type: 'boolean', default: false },
  'allow-disruptive': { type: 'boolean', default: false },
  keep: { type: 'boolean', default: false },
  reuse: { type: 'boolean', default: false },
  shard: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

const didYouMean = (value: string, known: readonly string[]) => {
  const near = closest(value, known, 3);
  return near ? `; did you mean ${near}?` : '';
};

/** parseArgs' own errors, with the valid flags and a "did you mean" for a near miss. */
function flagError(error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '(--?[^']+)'/.exec(message)?.[1];
  if (unknown) {
    const flags = Object.keys(FLAGS).map((f) => `--${f}`);
    return new UsageError(`unknown option ${unknown}${didYouMean(unknown, flags)} (valid: ${flags.join(' ')})`);
  }
  return new UsageError(message);
}

export function parseRunOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): RunOptions {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: FLAGS }));
  } catch (error) {
    throw flagError(error);
  }
  const problems: string[] = [];
  const images = values.images ?? env.CHECKLIST_IMAGES;
  const ids = ITEMS.map((i) => i.id);
  if (images !== undefined && !isImageSet(images)) problems.push(`--images must be local or official, not "${images}"`);
  for (const id of values.item) if (!hasItem(id)) problems.push(`--item ${id}: no such item${didYouMean(id, ids)} (npm run checklist -- --list shows them)`);
  for (const p of values.phase)
    if (!PHASE_NAMES.includes(p as PhaseFilter)) problems.push(`--phase ${p}: must be one of ${PHASE_NAMES.join(', ')}${didYouMean(p, PHASE_NAMES)}`);
  if (values.severity !== undefined && values.severity !== 'critical' && values.severity !== 'normal')
    problems.push(`--severity ${values.severity}: must be critical or normal`);
  if (values.profile !== 'ci' && values.profile !== 'release') problems.push(`--profile ${values.profile}: must be ci or release`);
  const deadlineMs = Number(values['deadline-ms']);
  if (!Number.isInteger(deadlineMs) || deadlineMs < 10_000) problems.push(`--deadline-ms must be a whole number >= 10000, not "${values['deadline-ms']}"`);
  if (values.fault && values['env-file']) problems.push('--fault seeds the reference stack; it cannot be combined with --env-file');
  if ((values.keep || values.reuse) && values['env-file'])
    problems.push('--keep and --reuse are for the reference stack; they cannot be combined with --env-file');
  if ((values.reuse || values.keep) && values.fault) problems.push('--keep and --reuse run the reference stack as it is; they cannot seed a --fault');
  if (values.reuse && values.keep) problems.push('--reuse already keeps the stack it runs on; use one of --keep and --reuse');
  if (values.fault !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(values.fault))
    problems.push(`--fault ${values.fault}: fault names are lowercase words joined by -`);
  let shard: RunOptions['shard'];
  if (values.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(values.shard);
    const index = Number(m?.[1]);
    const count = Number(m?.[2]);
    if (!m || index < 1 || count < 1 || index > count) problems.push(`--shard ${values.shard}: must be I/N with 1 <= I <= N (example: --shard 1/2)`);
    else shard = { index, count };
  }
  if (problems.length) throw new UsageError(problems.join('\n'));
  return {
    list: values.list,
    json: values.json,
    quiet: values.quiet,
    envFile: values['env-file'],
    images: isImageSet(images) ? images : undefined,
    items: values.item,
    phases: values.phase.filter((p): p is PhaseFilter => PHASE_NAMES.includes(p as PhaseFilter)),
    severity: values.severity as Severity | undefined,
    blockersOnly: values['blockers-only'],
    fault: values.fault,
    profile: values.profile === 'release' ? 'release' : 'ci',
    reportsDir: values['reports-dir'],
    report: !values['no-report'],
    deadlineMs,
    readOnly: values['read-only'],
    allowDisruptive: values['allow-disruptive'],
    keep: values.keep,
    reuse: values.reuse,
    shard,
    help: values.help,
  };
}

/** True when the registry phase filter (without `e2e`) selects everything. */
export function registryPhases(phases: readonly PhaseFilter[]): Phase[] {
  return phases.filter((p): p is Phase => p !== 'e2e' && isPhase(p));
}

import { ITEMS } from './registry/registry.js';
import { parseRunOptions, USAGE, UsageError, type RunOptions } from './run/options.js';
import { runChecklist } from './run/run.js';
import { renderAllureReport } from './run/report.js';
import { TargetConfigError } from './deployment/load.js';
import { FaultDefinitionError } from './run/faults.js';
import { AttestationsError } from './deployment/attestations.js';
import { redact } from './secrets/redact.js';
import { WaiversError } from './deployment/waivers.js';
import { isSubcommand, runSubcommand, SUBCOMMANDS_USAGE } from './run/subcommands.js';
import { summaryJson, summaryText } from './run/summary.js';
import { mergeShards } from './run/merge.js';
import { parseArgs } from 'node:util';

/** Exit codes: 0 READY, 1 NOT READY, 2 bad input (nothing started), 3 the run itself failed, 128 + signal when interrupted. */
const EXIT = { ready: 0, notReady: 1, badInput: 2, runFailed: 3 } as const;
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

const started = performance.now();
let quiet = false;
function progress(message: string): void {
  if (quiet) return;
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(5);
  process.stderr.write(`[checklist ${seconds}s] ${redact(message)}\n`);
}

function printList(options: RunOptions): void {
  if (options.json) {
    process.stdout.write(JSON.stringify(ITEMS, null, 2) + '\n');
    return;
  }
  const rows = ITEMS.map((i) => [i.id, i.how, i.blocker, i.severity, i.responsible, i.title]);
  const widths = [8, 11, 16, 8, 19];
  for (const row of [['ID', 'HOW', 'BLOCKER', 'SEVERITY', 'RESPONSIBLE', 'TITLE'], ...rows]) {
    process.stdout.write(row.map((cell, i) => (i < widths.length ? cell.padEnd(widths[i]!) : cell)).join(' ') + '\n');
  }
}

/** `merge DIR... [--reports-dir DIR] [--no-report] [--json]`: the shards' reports into one report and one sign-off. */
async function merge(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'reports-dir': { type: 'string', default: 'reports' },
      'no-report': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const signoff = mergeShards(positionals, values['reports-dir']);
  if (!values['no-report']) await renderAllureReport(values['reports-dir'], new AbortController().signal);
  process.stdout.write(values.json ? summaryJson(signoff) : summaryText(signoff, values['reports-dir'], !values['no-report']));
  return signoff.verdict === 'READY' ? EXIT.ready : EXIT.notReady;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (isSubcommand(argv)) {
    try {
      return runSubcommand(argv, (line) => process.stdout.write(`${redact(line)}\n`));
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${SUBCOMMANDS_USAGE}`);
      return EXIT.badInput;
    }
  }
  if (process.argv[2] === 'merge') {
    try {
      return await merge(process.argv.slice(3));
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
      return EXIT.badInput;
    }
  }
  let options: RunOptions;
  try {
    options = parseRunOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n${SUBCOMMANDS_USAGE}`);
      return EXIT.badInput;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n${SUBCOMMANDS_USAGE}`);
    return EXIT.ready;
  }
  if (options.list) {
    printList(options);
    return EXIT.ready;
  }

  quiet = options.quiet || options.json;
  const controller = new AbortController();
  let interrupted: number | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (interrupted) {
      progress(`${sig} again: leaving now; run \`npm run cleanup\` if containers remain`);
      process.exit(interrupted);
    }
    interrupted = SIGNAL_EXIT[sig] ?? 130;
    progress(`${sig}: stopping the run and removing what it started`);
    controller.abort(new Error(`interrupted by ${sig}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // At the deadline the runners stop; what they did not decide is broken ("deadline"), and the sign-off is still written.
  const deadlineController = new AbortController();
  const deadline = setTimeout(() => {
    progress(`the run's deadline of ${options.deadlineMs} ms has passed: stopping the runners; undecided items are broken`);
    deadlineController.abort(new Error(`deadline of ${options.deadlineMs} ms passed`));
  }, options.deadlineMs);
  deadline.unref();

  try {
    const signoff = await runChecklist(options, controller.signal, progress, deadlineController.signal);
    if (options.report) {
      progress('rendering the Allure report');
      await renderAllureReport(options.reportsDir, controller.signal);
    }
    process.stdout.write(options.json ? summaryJson(signoff) : `\n${summaryText(signoff, options.reportsDir, options.report)}`);
    return signoff.verdict === 'READY' ? EXIT.ready : EXIT.notReady;
  } catch (error) {
    if (
      error instanceof TargetConfigError ||
      error instanceof FaultDefinitionError ||
      error instanceof AttestationsError ||
      error instanceof WaiversError ||
      error instanceof UsageError
    ) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.badInput;
    }
    if (controller.signal.aborted || deadlineController.signal.aborted) {
      progress(`run stopped: ${String(((controller.signal.reason ?? deadlineController.signal.reason) as Error).message)}`);
      return interrupted ?? EXIT.runFailed;
    }
    progress(`run failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.runFailed;
  } finally {
    clearTimeout(deadline);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(redact(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`));
    process.exit(EXIT.runFailed);
  },
);

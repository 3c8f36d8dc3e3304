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

/** Exit codes: 0 READY, 1 NOT READY, 2 bad input (nothing started), 3 the run itself failed, 128 + signal when interrupted. */
const EXIT = { ready: 0, notReady: 1, badInput: 2, runFailed: 3 } as const;
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

const started = performance.now();
function progress(message: string): void {
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
  const deadline = setTimeout(() => {
    progress(`the run's deadline of ${options.deadlineMs} ms has passed: stopping`);
    controller.abort(new Error(`deadline of ${options.deadlineMs} ms passed`));
  }, options.deadlineMs);
  deadline.unref();

  try {
    const signoff = await runChecklist(options, controller.signal, progress);
    if (options.report) {
      progress('rendering the Allure report');
      const report = await renderAllureReport(options.reportsDir, controller.signal);
      progress(`report: ${report}/index.html`);
    }
    const c = signoff.counts;
    progress(`sign-off: ${options.reportsDir}/signoff.{json,md,html}; manifest: ${options.reportsDir}/manifest.json (npm run checklist -- verify)`);
    process.stdout.write(`\n${c.passed} passed, ${c.failed} failed, ${c.broken} broken, ${c.skipped} skipped\nVERDICT: ${signoff.verdict}\n`);
    const decided = signoff.blockers.filter((b) => b.status !== 'skipped');
    for (const b of decided.slice(0, 15)) process.stdout.write(`  blocker ${b.id} ${b.status}: ${(b.message ?? '').split('\n')[0]}\n`);
    if (decided.length > 15) process.stdout.write(`  ... and ${decided.length - 15} more blockers not passed (see signoff.md)\n`);
    const notRun = signoff.blockers.length - decided.length;
    if (notRun) process.stdout.write(`  ${notRun} blockers not selected in this run\n`);
    return signoff.verdict === 'READY' ? EXIT.ready : EXIT.notReady;
  } catch (error) {
    if (error instanceof TargetConfigError || error instanceof FaultDefinitionError || error instanceof AttestationsError || error instanceof WaiversError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.badInput;
    }
    if (controller.signal.aborted) {
      progress(`run stopped: ${String((controller.signal.reason as Error).message)}`);
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

import { reapOrphans, removeLabelled } from '../stack/cleanup.js';
import { RUN_ID_LABEL } from '../stack/labels.js';
import { testcontainersDefaults } from './run.js';
import { forgetWarmStack } from './warm.js';

/**
 * `npm run cleanup`: removes the containers and networks of runs whose process is gone (a killed run).
 * `npm run cleanup -- --all`: removes every container and network the suite ever labelled, running or not.
 */
async function main(): Promise<void> {
  testcontainersDefaults();
  const all = process.argv.includes('--all');
  // A stack kept with --keep belongs to a process that has ended, so it is an orphan here too.
  const removed = all ? await removeLabelled(RUN_ID_LABEL) : await reapOrphans();
  forgetWarmStack();
  process.stdout.write(
    `removed ${removed.containers.length} container(s) and ${removed.networks.length} network(s)${all ? '' : ' of runs whose process is gone'}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

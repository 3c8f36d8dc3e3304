import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TARGET_FILE_ENV, writeTargetFile, type Target } from '../deployment/target.js';
import { RUN_DIR_ENV } from '../harness/record.js';

/**
 * Hands the checklist tests their target when Vitest is started by hand. Under `npm run checklist`
 * the runner already wrote the target file (CHECKLIST_TARGET_FILE) and nothing happens here. Run
 * directly (`CHECKLIST_IMAGES=local npx vitest run --project checklist tests/verify`), it reads
 * CHECKLIST_ENV_FILE (an existing deployment), or else starts the reference stack and stops it after.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env[TARGET_FILE_ENV]) return;
  // Loaded here, not at the top: under `npm run checklist` (every stage of every run) none of it is needed.
  const [{ loadExternalTarget }, { startHealthPoller }, { recordBaseline }] = await Promise.all([
    import('../deployment/load.js'),
    import('./health-poller.js'),
    import('./baseline.js'),
  ]);
  const envFile = process.env.CHECKLIST_ENV_FILE;
  let target: Target;
  let stop: () => Promise<void> = async () => undefined;
  if (envFile) {
    target = loadExternalTarget(envFile);
  } else {
    const { startReferenceTarget } = await import('./reference.js');
    const { applyImageSet, testcontainersDefaults } = await import('./run.js');
    const { imageSetFromEnv } = await import('./options.js');
    applyImageSet(imageSetFromEnv());
    testcontainersDefaults();
    const started = await startReferenceTarget({ onProgress: (m) => console.log(`[stack] ${m}`) });
    target = started.target;
    stop = started.stop;
  }
  const dir = mkdtempSync(join(tmpdir(), 'checklist-vitest-'));
  writeTargetFile(join(dir, 'target.json'), target);
  process.env[TARGET_FILE_ENV] = join(dir, 'target.json');
  // The run's record (health poller, baseline), as `npm run checklist` keeps it, in the temporary directory.
  const record = join(dir, 'run');
  process.env[RUN_DIR_ENV] ??= record;
  const poller = startHealthPoller(() => `${target.app.url}/health`, record);
  await recordBaseline(target, record).catch((e: unknown) => console.log(`[run] baseline not recorded: ${e instanceof Error ? e.message : String(e)}`));
  return async () => {
    await poller.stop();
    await stop();
    rmSync(dir, { recursive: true, force: true });
    delete process.env[TARGET_FILE_ENV];
  };
}

import type { TestProject } from 'vitest/node';
import { TARGET_ENV, serializeTarget, type Target } from '../target/target.js';
import { loadExternalTarget } from '../target/load.js';

/**
 * Hands the checklist tests their target. Under `npm run checklist` the runner already owns the
 * target (CHECKLIST_TARGET) and nothing happens here. Run directly
 * (`CHECKLIST_IMAGES=local npx vitest run --project checklist tests/verify`), it reads
 * CHECKLIST_ENV_FILE, or else starts the reference stack for the run and stops it after.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const handed = process.env[TARGET_ENV];
  if (handed) {
    project.provide('target', handed);
    return;
  }
  const envFile = process.env.CHECKLIST_ENV_FILE;
  let target: Target;
  let stop: () => Promise<void> = async () => undefined;
  if (envFile) {
    target = loadExternalTarget(envFile);
  } else {
    const { startReferenceTarget } = await import('../run/reference.js');
    const { applyImageSet, testcontainersDefaults } = await import('../run/run.js');
    const { imageSetFromEnv } = await import('../run/options.js');
    applyImageSet(imageSetFromEnv());
    testcontainersDefaults();
    const started = await startReferenceTarget({ onProgress: (m) => console.log(`[stack] ${m}`) });
    target = started.target;
    stop = started.stop;
  }
  project.provide('target', serializeTarget(target));
  return stop;
}

import { startReferenceTarget } from '../../src/run/reference.js';
import { applyImageSet, testcontainersDefaults } from '../../src/run/run.js';
import { imageSetFromEnv } from '../../src/run/options.js';
import type { Target } from '../../src/deployment/target.js';

/**
 * This project's tests run on the images of CHECKLIST_IMAGES (local by default: this machine has no
 * registry), with the suite's Testcontainers settings.
 */
export function useTestImages(): void {
  testcontainersDefaults();
  applyImageSet(imageSetFromEnv() ?? 'local');
}

/** A reference stack for a test file: start it in beforeAll, call stop() in afterAll. */
export async function startTestStack(): Promise<{ target: Target; stop: () => Promise<void> }> {
  useTestImages();
  const { target, stop } = await startReferenceTarget();
  return { target, stop };
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

/** A .env file that names a started stack as an existing deployment, plus `extra` KEY=value lines. */
export function envFileFor(target: Target, extra: string[] = []): string {
  const file = join(mkdtempSync(join(tmpdir(), 'external-')), '.env');
  writeFileSync(
    file,
    [
      `APP_URL=${target.app.url}`,
      `PROMETHEUS_URL=${target.prometheus.url}`,
      `ALERTMANAGER_URL=${target.alertmanager.url}`,
      `GRAFANA_URL=${target.grafana.url}`,
      `GRAFANA_PASSWORD=${target.grafana.password}`,
      `MONITORING_DIR=${resolve('monitoring')}`,
      `PROMETHEUS_IMAGE=${target.toolImages.prometheus}`,
      `ALERTMANAGER_IMAGE=${target.toolImages.alertmanager}`,
      ...extra,
    ].join('\n'),
  );
  return file;
}

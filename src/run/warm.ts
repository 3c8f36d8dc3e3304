import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { writeTargetFile, readTargetFile, type Target } from '../deployment/target.js';
import { PrometheusClient } from '../probes/prometheus.js';
import { isImageSet, UsageError, type ImageSet } from './options.js';

/**
 * The warm stack of the inner loop: `--keep` leaves the reference stack running and records it here
 * (a file only the user can read: it holds the Grafana password); `--reuse` runs on it; `npm run
 * cleanup` removes the stack and this file. CHECKLIST_WARM_STATE_FILE names another file (this
 * project's tests keep their own warm stack apart from a developer's).
 */
export const WARM_STATE_FILE = process.env.CHECKLIST_WARM_STATE_FILE ?? join(tmpdir(), `checklist-warm-stack-${userInfo().uid}.json`);
const RUN_ID_FILE = `${WARM_STATE_FILE}.run-id`;

/** `images`: the image set the stack was started with (--images), which a --reuse run uses too unless it names one. */
export function saveWarmStack(runId: string, target: Target, images: ImageSet | undefined): void {
  writeTargetFile(WARM_STATE_FILE, target);
  writeFileSync(RUN_ID_FILE, JSON.stringify({ runId, images }), { mode: 0o600 });
}

function warmState(): { runId?: string; images?: string } {
  if (!existsSync(RUN_ID_FILE)) return {};
  return JSON.parse(readFileSync(RUN_ID_FILE, 'utf8')) as { runId?: string; images?: string };
}

export function warmRunId(): string | undefined {
  return warmState().runId;
}

/** The image set of the kept stack (its drills and tools must use the same images). */
export function warmImageSet(): ImageSet | undefined {
  const { images } = warmState();
  return isImageSet(images) ? images : undefined;
}

export function forgetWarmStack(): void {
  rmSync(WARM_STATE_FILE, { force: true });
  rmSync(RUN_ID_FILE, { force: true });
}

/** The kept stack's target, after checking that it still answers; a clear error when there is none. */
export async function loadWarmStack(): Promise<{ runId: string; target: Target }> {
  const runId = warmRunId();
  if (!runId || !existsSync(WARM_STATE_FILE)) throw new UsageError('--reuse: no kept stack (start one with `npm run checklist -- --images local --keep`)');
  const target = readTargetFile(WARM_STATE_FILE);
  const ready = await new PrometheusClient(target.prometheus.url, 2_000).ready().catch(() => undefined);
  if (ready?.status !== 200) {
    forgetWarmStack();
    throw new UsageError(`--reuse: the kept stack ${runId} no longer answers at ${target.prometheus.url} (start one again with --keep)`);
  }
  return { runId, target };
}

/** How to reach a kept stack, for the end of a --keep run. */
export function describeWarmStack(runId: string, target: Target): string {
  return [
    `kept the reference stack ${runId} running:`,
    `  application  ${target.app.url}`,
    `  Prometheus   ${target.prometheus.url}`,
    `  Alertmanager ${target.alertmanager.url}`,
    `  Grafana      ${target.grafana.url} (user ${target.grafana.user}; password in ${WARM_STATE_FILE})`,
    `  run items on it: npm run checklist -- --reuse --item VER-1     remove it: npm run cleanup`,
  ].join('\n');
}

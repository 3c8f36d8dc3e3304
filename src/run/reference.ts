import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { StartedReferenceStack } from '../stack/reference-stack.js';
import { stackImagesFromEnv } from '../stack/images.js';
import { buildTarget } from '../deployment/load.js';
import type { Target } from '../deployment/target.js';
import { registerSecret } from '../secrets/redact.js';

/**
 * The reference deployment's own settings, as its .env file would name them: this repository is its
 * repository; its attestations are the sample file (clearly marked as a sample), whose dates are
 * accepted for ten years so that a fresh clone can run the attest items at all. The application it
 * deploys is fixtures/app, whose package.json says the version it must run.
 */
export const REFERENCE_SETTINGS = {
  REPO_DIR: '.',
  ATTESTATIONS_FILE: 'attestations.sample.yaml',
  ATTESTATION_MAX_AGE_DAYS: '3650',
  WAIVERS_FILE: 'waivers.reference.yaml',
  ALLOW_DISRUPTIVE: 'true',
  // The application (its tests, type check, lint and audit: PRE-1) is the workspace fixtures/app.
  APP_DIR: 'fixtures/app',
  APP_VERSION_FILE: 'fixtures/app/package.json',
} as const;

/** What a run of the reference deployment may override: the monitoring tree (faults) and flags. */
export interface ReferenceSettings {
  monitoringDir: string;
  /** The repository the pre-deployment items read (a fault's copy, or this repository). @defaultValue . */
  repoDir?: string;
  readOnly?: boolean;
  allowDisruptive?: boolean;
  /** The load-test profile of the run (--profile). @defaultValue CHECKLIST_PROFILE, else ci */
  profile?: 'ci' | 'release';
  /** Variables over the reference's own: the prepared host (data directories) and a fault's `settings`. */
  settings?: Record<string, string>;
}

/**
 * The reference deployment's image settings: its application is fixtures/app, whose image
 * scripts/build-images.sh builds from a bundle (npm run build) with NODE_IMAGE as its base.
 */
export function referenceImageSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  return {
    DOCKERFILE: 'fixtures/app/Dockerfile',
    BUILD_PREPARE_COMMAND: 'npm run build --workspace fixtures/app',
    IMAGE: stackImagesFromEnv(env).app,
    ...(env.NODE_IMAGE ? { DOCKER_BUILD_ARGS: `NODE_IMAGE=${env.NODE_IMAGE}` } : {}),
  };
}

/** The reference target with the given service URLs (the started stack's, or nowhere for tree-only runs). */
export function referenceTarget(
  urls: Record<'APP_URL' | 'PROMETHEUS_URL' | 'ALERTMANAGER_URL' | 'GRAFANA_URL', string> & {
    RECEIVER_URL?: string;
    GRAFANA_PASSWORD: string;
    SLACK_WEBHOOK_URL?: string;
    UPTIME_CHECK_URL?: string;
  },
  settings: ReferenceSettings,
  env: NodeJS.ProcessEnv = process.env,
): Target {
  const images = stackImagesFromEnv(env);
  return buildTarget(
    {
      ...REFERENCE_SETTINGS,
      ...referenceImageSettings(env),
      ...urls,
      MONITORING_DIR: settings.monitoringDir,
      REPO_DIR: settings.repoDir ?? REFERENCE_SETTINGS.REPO_DIR,
      PROMETHEUS_IMAGE: images.prometheus,
      ALERTMANAGER_IMAGE: images.alertmanager,
      READ_ONLY: settings.readOnly ? 'true' : 'false',
      CHECKLIST_PROFILE: settings.profile ?? env.CHECKLIST_PROFILE,
      ...(settings.allowDisruptive === false ? { ALLOW_DISRUPTIVE: 'false' } : {}),
      ...settings.settings,
    },
    { mode: 'reference', baseDir: resolve('.'), source: 'the reference deployment' },
  );
}

/** A reference target for runs that need no live stack: tree items read files and images only. */
export function treeOnlyTarget(settings: ReferenceSettings): Target {
  const nowhere = 'http://127.0.0.1:9';
  return referenceTarget(
    { APP_URL: nowhere, PROMETHEUS_URL: nowhere, ALERTMANAGER_URL: nowhere, GRAFANA_URL: nowhere, GRAFANA_PASSWORD: 'not-started' },
    settings,
  );
}

export interface ReferenceOptions {
  runId?: string;
  /** The monitoring tree to deploy. @defaultValue ./monitoring */
  monitoringDir?: string;
  /** The repository the target is described by. @defaultValue . */
  repoDir?: string;
  /** The monitoring tree the target is checked against, when it is not the deployed one (a fault's drift). @defaultValue monitoringDir */
  treeDir?: string;
  /** Extra environment of the application (fault knobs). */
  appEnv?: Record<string, string>;
  /** Extra environment of the notification receiver (fault knobs). */
  receiverEnv?: Record<string, string>;
  readOnly?: boolean;
  /** The load-test profile of the run. */
  profile?: 'ci' | 'release';
  /** Variables over the reference's own (ReferenceSettings.settings). */
  settings?: Record<string, string>;
  onProgress?: (message: string) => void;
}

/** Starts the reference stack and describes it as a Target, with a fresh Grafana password. */
export async function startReferenceTarget(
  options: ReferenceOptions = {},
): Promise<{ target: Target; stack: StartedReferenceStack; stop: () => Promise<void> }> {
  const runId = options.runId ?? randomUUID();
  const monitoringDir = resolve(options.monitoringDir ?? 'monitoring');
  const grafanaPassword = randomBytes(12).toString('base64url');
  registerSecret(grafanaPassword);
  const images = stackImagesFromEnv(process.env);
  // The stack's modules (testcontainers) on demand: a run of tree items only does not load them.
  const { startReferenceStack } = await import('../stack/reference-stack.js');
  const stack = await startReferenceStack({
    runId,
    monitoringDir,
    images,
    appEnv: options.appEnv,
    receiverEnv: options.receiverEnv,
    grafanaPassword,
    onProgress: options.onProgress,
  });
  const e = stack.endpoints;
  try {
    const target = referenceTarget(
      {
        APP_URL: e.appUrl,
        PROMETHEUS_URL: e.prometheusUrl,
        ALERTMANAGER_URL: e.alertmanagerUrl,
        GRAFANA_URL: e.grafanaUrl,
        RECEIVER_URL: e.receiverUrl,
        GRAFANA_PASSWORD: grafanaPassword,
        // The webhook the stack wrote into Alertmanager's api_url_file, as the host reaches it.
        SLACK_WEBHOOK_URL: `${e.receiverUrl}/slack`,
        // What an external uptime monitor of this deployment probes: the application's health.
        UPTIME_CHECK_URL: `${e.appUrl}/health`,
      },
      {
        monitoringDir: options.treeDir ? resolve(options.treeDir) : monitoringDir,
        repoDir: options.repoDir,
        readOnly: options.readOnly,
        profile: options.profile,
        settings: options.settings,
      },
    );
    return { target: { ...target, runId }, stack, stop: () => stack.stop() };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

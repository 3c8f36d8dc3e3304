import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { startReferenceStack, type StartedReferenceStack } from '../stack/reference-stack.js';
import { stackImagesFromEnv } from '../stack/images.js';
import { registerSecret } from '../secrets/redact.js';
import type { Target } from '../target/target.js';

export interface ReferenceOptions {
  runId?: string;
  /** The monitoring tree to deploy. @defaultValue ./monitoring */
  monitoringDir?: string;
  /** Extra environment of the application (fault knobs). */
  appEnv?: Record<string, string>;
  onProgress?: (message: string) => void;
}

/** Starts the reference stack and describes it as a Target, with a fresh Grafana password. */
export async function startReferenceTarget(options: ReferenceOptions = {}): Promise<{ target: Target; stack: StartedReferenceStack; stop: () => Promise<void> }> {
  const runId = options.runId ?? randomUUID();
  const monitoringDir = resolve(options.monitoringDir ?? 'monitoring');
  const grafanaPassword = randomBytes(12).toString('base64url');
  registerSecret(grafanaPassword);
  const images = stackImagesFromEnv(process.env);
  const stack = await startReferenceStack({ runId, monitoringDir, images, appEnv: options.appEnv, grafanaPassword, onProgress: options.onProgress });
  const e = stack.endpoints;
  const target: Target = {
    mode: 'reference',
    app: { url: e.appUrl, mcpUrl: `${e.appUrl}/mcp`, job: 'mcp-memory-server' },
    prometheus: { url: e.prometheusUrl },
    alertmanager: { url: e.alertmanagerUrl },
    grafana: { url: e.grafanaUrl, user: 'admin', password: grafanaPassword, dashboardUid: 'journal-overview' },
    receiver: { url: e.receiverUrl },
    monitoringDir,
    toolImages: { prometheus: images.prometheus, alertmanager: images.alertmanager },
    httpTimeoutMs: 5_000,
  };
  return { target, stack, stop: () => stack.stop() };
}

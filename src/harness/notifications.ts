import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from '../deployment/target.js';
import { ItemBroken } from '../registry/errors.js';
import type { AlertmanagerClient } from '../probes/alertmanager.js';
import {
  integrationUse,
  notUsedReason,
  parseAlertmanagerConfig,
  settingText,
  type AlertmanagerConfig,
  type IntegrationKind,
  type UsedIntegration,
} from '../probes/alertmanager-config.js';
import { MONITORING_LAYOUT } from '../stack/reference-stack.js';
import type { Evidence } from './evidence.js';

/** The configuration the running Alertmanager reports, and where it came from (for messages). */
export async function deployedAlertmanagerConfig(alertmanager: AlertmanagerClient, evidence: Evidence): Promise<{ config: AlertmanagerConfig; where: string }> {
  const status = await alertmanager.status();
  const where = `the configuration Alertmanager ${status.versionInfo.version} at ${alertmanager.url} runs (/api/v2/status)`;
  try {
    const config = parseAlertmanagerConfig(status.config.original);
    return { config, where };
  } catch (error) {
    await evidence.text('alertmanager configuration', status.config.original);
    throw new ItemBroken(`${where} does not parse: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The receivers of one kind that a route reaches; ends the item as not used (with what was
 * found instead) when there is none.
 */
export function usedReceivers(
  config: AlertmanagerConfig,
  kind: IntegrationKind,
  where: string,
  notApplicable: (kind: 'not-used', reason: string) => never,
): UsedIntegration[] {
  const use = integrationUse(config, kind);
  if (!use.used.length) notApplicable('not-used', notUsedReason(kind, use, where));
  return use.used;
}

/** The config file of the target's tree, where a literal `api_url` may be written (the live one shows `<secret>`). */
function treeConfig(target: Target): AlertmanagerConfig | null {
  const file = join(target.monitoringDir, MONITORING_LAYOUT.alertmanagerConfig);
  if (!existsSync(file)) return null;
  try {
    return parseAlertmanagerConfig(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * The webhook URL the Slack receivers post to: SLACK_WEBHOOK_URL (the value behind
 * `api_url_file`), else a literal `api_url` / `global.slack_api_url` of the configuration. Breaks
 * the item, saying what to set, when the URL lives only in a file on the deployment's host.
 */
export function slackWebhookUrl(target: Target, used: UsedIntegration[]): string {
  if (target.integrations.slackWebhookUrl) return target.integrations.slackWebhookUrl;
  const tree = treeConfig(target);
  const names = new Set(used.map((u) => u.receiver));
  const literal = [
    ...(tree?.receivers ?? [])
      .filter((r) => names.has(String(r.name)))
      .flatMap((r) => (Array.isArray(r.slack_configs) ? (r.slack_configs as Record<string, unknown>[]) : [])),
    tree?.global ?? {},
  ]
    .map((s) => settingText(s, 'api_url') ?? settingText(s, 'slack_api_url'))
    .find((u): u is string => Boolean(u) && URL.canParse(u!));
  if (literal) return literal;
  const files = used.flatMap((u) => u.settings.map((s) => settingText(s, 'api_url_file'))).filter(Boolean);
  throw new ItemBroken(
    `the Slack receivers (${[...names].join(', ')}) read their webhook URL from ${files.length ? files.join(', ') : 'a file or secret'} on the deployment's host, ` +
      'which the suite cannot read: set SLACK_WEBHOOK_URL in the env file to the same URL (it is masked in every output)',
  );
}

import { parse } from 'yaml';

/**
 * Which notification integrations an Alertmanager configuration uses: a receiver of that kind that
 * the routing tree names (the root route or any child route). Read from the configuration the
 * running Alertmanager reports (/api/v2/status `config.original`: global defaults filled in,
 * secrets shown as `<secret>`), so it is what is deployed, not a flag.
 */
export type IntegrationKind = 'slack_configs' | 'email_configs' | 'webhook_configs' | 'pagerduty_configs' | 'opsgenie_configs' | 'msteams_configs';

interface Route {
  receiver?: unknown;
  routes?: unknown;
}

export interface AlertmanagerConfig {
  global?: Record<string, unknown>;
  route?: Route;
  receivers?: { name?: unknown; [kind: string]: unknown }[];
}

export interface UsedIntegration {
  receiver: string;
  /** The integration's settings as configured, one per entry of e.g. `slack_configs`. */
  settings: Record<string, unknown>[];
}

export interface IntegrationUse {
  /** Receivers of the kind that a route reaches. */
  used: UsedIntegration[];
  /** Receivers of the kind that no route names (configured but unreachable). */
  unrouted: string[];
  /** Every receiver name the routing tree names. */
  routed: string[];
}

export function parseAlertmanagerConfig(text: string): AlertmanagerConfig {
  const doc = parse(text) as unknown;
  if (!doc || typeof doc !== 'object') throw new Error('the Alertmanager configuration is empty or not a YAML mapping');
  return doc as AlertmanagerConfig;
}

/** Every receiver name the routing tree names, root first. */
export function routedReceivers(route: Route | undefined): string[] {
  if (!route) return [];
  const names = typeof route.receiver === 'string' ? [route.receiver] : [];
  const children = Array.isArray(route.routes) ? (route.routes as Route[]) : [];
  return [...new Set([...names, ...children.flatMap((child) => routedReceivers(child))])];
}

/** The receivers of one integration kind, split into those a route reaches and those none does. */
export function integrationUse(config: AlertmanagerConfig, kind: IntegrationKind): IntegrationUse {
  const routed = routedReceivers(config.route);
  const ofKind = (config.receivers ?? [])
    .filter((r) => typeof r.name === 'string' && Array.isArray(r[kind]) && (r[kind] as unknown[]).length > 0)
    .map((r) => ({
      receiver: r.name as string,
      settings: (r[kind] as unknown[]).filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null),
    }));
  return {
    used: ofKind.filter((r) => routed.includes(r.receiver)),
    unrouted: ofKind.filter((r) => !routed.includes(r.receiver)).map((r) => r.receiver),
    routed,
  };
}

/** The reason an integration is not used, for `notApplicable('not-used', ...)`. */
export function notUsedReason(kind: IntegrationKind, use: IntegrationUse, where: string): string {
  const label = kind.replace('_configs', '');
  if (use.unrouted.length)
    return `no route of ${where} reaches a ${label} receiver (configured but unrouted: ${use.unrouted.join(', ')}; routed receivers: ${use.routed.join(', ') || 'none'})`;
  return `${where} has no receiver with ${kind} (routed receivers: ${use.routed.join(', ') || 'none'})`;
}

/** A setting as a string, or undefined; Alertmanager shows secrets as `<secret>`, which is no value. */
export function settingText(settings: Record<string, unknown>, key: string): string | undefined {
  const value = settings[key];
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : typeof value === 'object' ? undefined : String(value);
  return text === undefined || text === '' || text === '<secret>' ? undefined : text;
}

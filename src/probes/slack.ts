import { exchange, type HttpExchange } from './http.js';

/** A Slack message as incoming webhooks take it (https://api.slack.com/messaging/webhooks). */
export interface SlackMessage {
  text: string;
  channel?: string;
  username?: string;
}

export interface SlackVerdict {
  accepted: boolean;
  /** Why it was not accepted, in Slack's words where it gave some. */
  reason: string;
  res: HttpExchange;
}

/**
 * Whether Slack accepted a post, decided as Alertmanager 0.28 decides it: a 2xx status and a body
 * that says so, "ok" (incoming webhooks) or a JSON `{"ok": true}` (the Web API, which answers errors
 * with 200 and `{"ok": false, "error": ...}`).
 */
export function slackVerdict(res: HttpExchange): SlackVerdict {
  const body = res.body.trim();
  if (res.status < 200 || res.status > 299) return { accepted: false, reason: `HTTP ${res.status}${body ? ` "${body.slice(0, 120)}"` : ''}`, res };
  if (body === 'ok') return { accepted: true, reason: 'ok', res };
  try {
    const json = JSON.parse(body) as { ok?: unknown; error?: unknown };
    if (json.ok === true) return { accepted: true, reason: 'ok', res };
    return { accepted: false, reason: `HTTP ${res.status} but the body says ok=${String(json.ok)}${json.error ? ` (${String(json.error)})` : ''}`, res };
  } catch {
    return { accepted: false, reason: `HTTP ${res.status} with a body that is neither "ok" nor Slack JSON: "${body.slice(0, 120)}"`, res };
  }
}

/** Posts one message to a Slack webhook and decides whether Slack accepted it. */
export async function postSlackMessage(url: string, message: SlackMessage, timeoutMs: number): Promise<SlackVerdict> {
  const res = await exchange(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(message),
    timeoutMs,
  });
  return slackVerdict(res);
}

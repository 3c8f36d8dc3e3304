import { describe, expect, it } from 'vitest';
import { slackVerdict } from './slack.js';
import type { HttpExchange } from './http.js';

const res = (status: number, body: string): HttpExchange => ({ method: 'POST', url: 'http://hook', status, headers: {}, body, elapsedMs: 1 });

describe('whether Slack accepted a message (as Alertmanager decides it)', () => {
  it('accepts "ok" and {"ok": true}', () => {
    expect(slackVerdict(res(200, 'ok')).accepted).toBe(true);
    expect(slackVerdict(res(200, '{"ok":true}')).accepted).toBe(true);
  });
  it('refuses error statuses, Web API errors sent with 200, and unknown bodies', () => {
    expect(slackVerdict(res(404, 'no_service')).reason).toBe('HTTP 404 "no_service"');
    expect(slackVerdict(res(200, '{"ok":false,"error":"not_authed"}')).reason).toBe('HTTP 200 but the body says ok=false (not_authed)');
    expect(slackVerdict(res(200, '<html>proxy</html>')).accepted).toBe(false);
  });
});

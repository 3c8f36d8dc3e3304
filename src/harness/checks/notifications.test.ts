import { describe, expect, it } from 'vitest';
import { carries, notificationsOf, receiverSpecs } from './notifications.js';

const CONFIG = `
receivers:
  - name: hook
    webhook_configs: [ { url: http://r/webhook } ]
  - name: chat
    slack_configs: [ { channel: "#alerts", send_resolved: true } ]
  - name: blackhole
`;

describe('notifications read back per receiver', () => {
  it('knows which receivers notify, and whether on resolution', () => {
    const specs = receiverSpecs(CONFIG);
    expect(specs.get('hook')).toMatchObject({ kinds: ['webhook'], sendResolved: true });
    expect(specs.get('chat')).toMatchObject({ kinds: ['slack'], sendResolved: true, slackChannels: ['#alerts'] });
    expect(specs.get('blackhole')?.kinds).toEqual([]);
  });

  it('reads webhook and Slack payloads as notifications of a receiver', () => {
    const specs = receiverSpecs(CONFIG);
    const list = notificationsOf(
      [
        {
          path: '/webhook',
          receivedAt: 't',
          headers: {},
          body: { receiver: 'hook', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'A', run: '1' } }] },
        },
        { path: '/slack', receivedAt: 't', headers: {}, body: { channel: '#alerts', attachments: [{ title: '[RESOLVED] A (warning)' }] } },
      ],
      specs,
    );
    expect(list.map((n) => [n.receiver, n.status])).toEqual([
      ['hook', 'firing'],
      ['chat', 'resolved'],
    ]);
    expect(carries(list[0]!, { alertname: 'A', run: '1' }, 'firing')).toBe(true);
    expect(carries(list[0]!, { alertname: 'A', run: '2' }, 'firing')).toBe(false);
    expect(carries(list[1]!, { alertname: 'A', run: '1' }, 'resolved')).toBe(true);
  });
});

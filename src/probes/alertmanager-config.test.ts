import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { integrationUse, notUsedReason, parseAlertmanagerConfig, routedReceivers, settingText } from './alertmanager-config.js';

const reference = parseAlertmanagerConfig(readFileSync('monitoring/alertmanager/config.yml', 'utf8'));

describe('which integrations an Alertmanager configuration uses', () => {
  it('reads the routed receivers of the whole tree, root first', () => {
    expect(routedReceivers(reference.route)).toEqual(['slack-alerts', 'checklist-webhook', 'email', 'slack-critical']);
    expect(routedReceivers({ receiver: 'a', routes: [{ routes: [{ receiver: 'b' }] }] })).toEqual(['a', 'b']);
  });

  it('finds Slack and email used in the reference configuration', () => {
    expect(integrationUse(reference, 'slack_configs').used.map((u) => u.receiver)).toEqual(['slack-critical', 'slack-alerts']);
    const email = integrationUse(reference, 'email_configs').used;
    expect(email.map((u) => u.receiver)).toEqual(['email']);
    expect(settingText(email[0]!.settings[0]!, 'smarthost')).toBe('smtp-relay:25');
  });

  it('calls a receiver no route names unused, and says so', () => {
    const config = parseAlertmanagerConfig(`
route: { receiver: hook }
receivers:
  - { name: hook, webhook_configs: [{ url: 'http://x/' }] }
  - { name: team-slack, slack_configs: [{ channel: '#x' }] }
`);
    const use = integrationUse(config, 'slack_configs');
    expect(use.used).toEqual([]);
    expect(use.unrouted).toEqual(['team-slack']);
    expect(notUsedReason('slack_configs', use, 'the config')).toBe(
      'no route of the config reaches a slack receiver (configured but unrouted: team-slack; routed receivers: hook)',
    );
    expect(notUsedReason('email_configs', integrationUse(config, 'email_configs'), 'the config')).toBe(
      'the config has no receiver with email_configs (routed receivers: hook)',
    );
  });

  it('treats secrets Alertmanager masks as no value', () => {
    expect(settingText({ api_url: '<secret>', channel: '#a', send_resolved: true }, 'api_url')).toBeUndefined();
    expect(settingText({ send_resolved: true }, 'send_resolved')).toBe('true');
  });
});

// Seed section: 9. External Dependencies (IMPORTANT).
// "Used" is read from the configuration the running Alertmanager reports: a Slack or email receiver
// that a route reaches. An integration the target does not use is skipped as not used.
import { randomUUID } from 'node:crypto';
import { item } from '../../src/harness/vitest.js';
import { check, checkAll, CheckFailed, ItemBroken } from '../../src/registry/errors.js';
import { settingText } from '../../src/probes/alertmanager-config.js';
import { postSlackMessage } from '../../src/probes/slack.js';
import { exchange } from '../../src/probes/http.js';
import { deployedAlertmanagerConfig, slackWebhookUrl, usedReceivers } from '../../src/harness/notifications.js';
import { emailHint, emailTestPlans, sendEmailTest } from '../../src/harness/email-test.js';

item('PRE-9.1', async (ctx) => {
  // ctx.receiver is read only where the target has one: reading it otherwise skips the item.
  const { target, alertmanager, evidence, notApplicable } = ctx;
  const { config, where } = await deployedAlertmanagerConfig(alertmanager, evidence);
  const used = usedReceivers(config, 'slack_configs', where, notApplicable);
  const url = slackWebhookUrl(target, used);
  const host = new URL(url).host;
  const stamp = `checklist-${randomUUID().slice(0, 8)}`;
  // One message per channel the routed receivers name (a webhook may post to its own channel only).
  const channels = [...new Set(used.flatMap((u) => u.settings.map((s) => settingText(s, 'channel') ?? '')))];
  const sent = await Promise.all(
    channels.map(async (channel) => {
      const matching = used.flatMap((u) =>
        u.settings.filter((s) => (settingText(s, 'channel') ?? '') === channel).map((s) => ({ receiver: u.receiver, settings: s })),
      );
      const receivers = [...new Set(matching.map((m) => m.receiver))];
      const username = settingText(matching[0]!.settings, 'username') ?? 'alertmanager';
      const text = `Checklist test message (PRE-9.1, ${stamp}) for ${receivers.join(', ')}: Slack notifications of the MCP Memory Server reach this channel. No action needed.`;
      const verdict = await postSlackMessage(url, { text, ...(channel ? { channel } : {}), username }, target.httpTimeoutMs);
      return { channel: channel || '(the webhook’s own channel)', receivers, verdict };
    }),
  );
  await evidence.json(
    'slack test messages',
    sent.map((s) => ({
      channel: s.channel,
      receivers: s.receivers,
      status: s.verdict.res.status,
      body: s.verdict.res.body.slice(0, 200),
      accepted: s.verdict.accepted,
      ms: s.verdict.res.elapsedMs,
    })),
  );
  checkAll(
    sent
      .filter((s) => !s.verdict.accepted)
      .map((s) => ({
        expected: `the Slack webhook to accept a test message for ${s.channel} (HTTP 2xx and "ok")`,
        found: s.verdict.reason,
        where: `the Slack webhook at ${host} used by receiver ${s.receivers.join(', ')} (${where})`,
        hint: 'a revoked or mistyped webhook answers 403 invalid_token / 404 no_service, an archived channel 410 channel_is_archived, a 5xx means Slack (or the proxy in front of it) is failing: create a new incoming webhook in Slack and update SLACK_WEBHOOK_URL / the api_url_file secret',
      })),
  );
  // Where the suite can read the webhook back (the reference receiver), the message must be there.
  if (target.receiver && url.startsWith(target.receiver.url)) {
    const recorded = (await ctx.receiver.payloads('/slack')).filter((p) => JSON.stringify(p.body).includes(stamp));
    check(recorded.length === sent.length, {
      expected: `the webhook to have delivered ${sent.length} test messages (${stamp})`,
      found: `${recorded.length} recorded`,
      where: `${target.receiver.url}/payloads?path=/slack`,
    });
  }
});

item('PRE-9.2', async ({ target, alertmanager, evidence, notApplicable }) => {
  const { config, where } = await deployedAlertmanagerConfig(alertmanager, evidence);
  const used = usedReceivers(config, 'email_configs', where, notApplicable);
  const plans = emailTestPlans(used, target);
  const results = await Promise.all(plans.map((plan) => sendEmailTest(plan, target)));
  await evidence.json(
    'smtp exchanges',
    results.map((r) => ({ ...r.plan.public, result: { ...r.result, transcript: undefined }, confirmedBySink: r.confirmedBySink })),
  );
  await evidence.text(
    'smtp transcripts',
    results.map((r) => `# ${r.plan.public.receiver} via ${r.plan.public.connectTo}\n${r.result.transcript.join('\n')}`).join('\n\n'),
  );
  const unreached = results.filter((r) => r.unreached);
  if (unreached.length) {
    throw new ItemBroken(
      unreached
        .map(
          (r) =>
            `the SMTP server ${r.plan.public.connectTo} (receiver ${r.plan.public.receiver}) did not answer: ${r.result.code} ${r.result.response}; if the configured smarthost resolves only inside the deployment's network, set SMTP_SMARTHOST to an address the suite reaches`,
        )
        .join('; '),
    );
  }
  checkAll(
    results
      .filter((r) => !r.result.delivered || r.confirmedBySink === false)
      .map((r) => ({
        expected: `the SMTP server to accept a test message from ${r.plan.public.from} to ${r.plan.public.to.join(', ')}${r.plan.public.requireTls ? ' over STARTTLS' : ''}`,
        found: r.result.delivered
          ? 'the server answered 250 but the sink has no such message'
          : `${r.result.code ?? 'refused'}: ${r.result.response}${r.result.rejected.length ? ` (refused recipients: ${r.result.rejected.join(', ')})` : ''}`,
        where: `${r.plan.public.connectTo}${r.plan.public.standIn ? ` (the suite's SMTP sink standing in for the configured smarthost ${r.plan.public.smarthost})` : ''}, receiver ${r.plan.public.receiver} (${where})`,
        hint: emailHint(r.result),
      })),
  );
});

item('PRE-9.3', async ({ target, evidence, notApplicable, attest }) => {
  const url = target.integrations.uptimeCheckUrl;
  if (!url) return notApplicable('not-used', 'UPTIME_CHECK_URL is not set: the deployment names no external uptime check');
  const res = await exchange(url, { timeoutMs: target.httpTimeoutMs }).catch((error: unknown) => {
    if (error instanceof ItemBroken)
      throw new CheckFailed({
        expected: 'the uptime check URL to answer',
        found: error.message,
        where: url,
        hint: 'the external monitor sees the same: the deployment is down or not published where the check looks',
      });
    throw error;
  });
  await evidence.json('uptime check', { url, status: res.status, ms: res.elapsedMs, body: res.body.slice(0, 300) });
  check(res.status >= 200 && res.status < 400, {
    expected: 'the uptime check URL to answer 2xx (or a redirect), as an external monitor counts up',
    found: `HTTP ${res.status} in ${res.elapsedMs} ms: ${res.body.slice(0, 120)}`,
    where: url,
    hint: 'point UPTIME_CHECK_URL (and the external monitor) at the public health endpoint',
  });
  await attest();
});

import { randomUUID } from 'node:crypto';
import type { Target } from '../deployment/target.js';
import { ItemBroken } from '../registry/errors.js';
import { settingText, type UsedIntegration } from '../probes/alertmanager-config.js';
import { smtpExchange, type SmtpExchangeResult } from '../probes/smtp.js';
import { startSmtpSink } from '../tools/smtp-sink.js';

/** What one email receiver's test exchange will do, as configured (no secrets). */
export interface EmailPlan {
  public: {
    receiver: string;
    /** The configured smarthost, host:port. */
    smarthost: string;
    /** Where the suite connects: the smarthost, SMTP_SMARTHOST, or the suite's sink (reference mode). */
    connectTo: string;
    /** True when the suite's own SMTP sink stands in for the configured smarthost. */
    standIn: boolean;
    from: string;
    to: string[];
    requireTls: boolean;
    insecureSkipVerify: boolean;
    hello: string;
    authUsername?: string;
  };
  serverName?: string;
}

export interface EmailTestResult {
  plan: EmailPlan;
  result: SmtpExchangeResult;
  /** The server did not answer at all: the item cannot decide. */
  unreached: boolean;
  /** Reference mode: whether the sink holds the message; null where the suite cannot see the mailbox. */
  confirmedBySink: boolean | null;
}

const templated = (value: string) => value.includes('{{');

function hostPort(value: string): { host: string; port: number } {
  const at = value.lastIndexOf(':');
  const port = Number(value.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port)) throw new ItemBroken(`the smarthost "${value}" is not host:port`);
  return { host: value.slice(0, at).replace(/^\[|\]$/g, ''), port };
}

/** One plan per distinct (smarthost, from, to) among the routed email receivers' settings. */
export function emailTestPlans(used: UsedIntegration[], target: Target): EmailPlan[] {
  const standIn = target.mode === 'reference' && !target.integrations.smtpSmarthost;
  const plans = used.flatMap((u) =>
    u.settings.map((s): EmailPlan => {
      const to = settingText(s, 'to');
      const from = settingText(s, 'from');
      const smarthost = settingText(s, 'smarthost');
      if (!to || !from || !smarthost)
        throw new ItemBroken(`the email receiver ${u.receiver} names no ${!to ? 'to' : !from ? 'from' : 'smarthost'} (and no smtp_ default fills it)`);
      if (templated(to) || templated(from))
        throw new ItemBroken(`the email receiver ${u.receiver} computes its addresses from the alert (${to}, ${from}): the suite cannot tell whom to write to`);
      const tls = (typeof s.tls_config === 'object' && s.tls_config ? s.tls_config : {}) as Record<string, unknown>;
      return {
        public: {
          receiver: u.receiver,
          smarthost,
          connectTo: standIn ? '(the suite’s SMTP sink)' : (target.integrations.smtpSmarthost ?? smarthost),
          standIn,
          from,
          to: to
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
          requireTls: s.require_tls !== false,
          // The sink's certificate is smtp-server's self-signed one: only the stand-in is trusted blindly.
          insecureSkipVerify: standIn || tls.insecure_skip_verify === true,
          hello: settingText(s, 'hello') ?? 'localhost',
          authUsername: settingText(s, 'auth_username'),
        },
        serverName: settingText(tls, 'server_name'),
      };
    }),
  );
  const seen = new Set<string>();
  return plans.filter((p) => {
    const key = `${p.public.smarthost}|${p.public.from}|${p.public.to.join(',')}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

/**
 * A real SMTP exchange for one plan, with the configured server (or SMTP_SMARTHOST); in reference
 * mode with a local SMTP sink the suite starts and stops, which confirms the delivery.
 */
export async function sendEmailTest(plan: EmailPlan, target: Target): Promise<EmailTestResult> {
  const p = plan.public;
  if (p.authUsername && !target.integrations.smtpAuthPassword && !p.standIn) {
    throw new ItemBroken(
      `the email receiver ${p.receiver} authenticates as ${p.authUsername}, whose password lives on the deployment's host: set SMTP_AUTH_PASSWORD in the env file`,
    );
  }
  const sink = p.standIn ? await startSmtpSink() : null;
  try {
    const { host, port } = hostPort(sink ? sink.smarthost : p.connectTo);
    const stamp = `checklist-${randomUUID().slice(0, 8)}`;
    const result = await smtpExchange({
      host,
      port,
      requireTls: p.requireTls,
      insecureSkipVerify: p.insecureSkipVerify,
      serverName: plan.serverName,
      hello: p.hello,
      auth: p.authUsername ? { user: p.authUsername, pass: target.integrations.smtpAuthPassword ?? 'checklist-sink' } : undefined,
      from: p.from,
      to: p.to,
      subject: `[checklist] test message (PRE-9.2, ${stamp})`,
      text: `Checklist test message for the Alertmanager email receiver ${p.receiver}: email notifications of the MCP Memory Server reach ${p.to.join(', ')}. No action needed.`,
      timeoutMs: target.httpTimeoutMs,
    });
    const confirmedBySink = sink ? sink.messages.some((m) => m.data.includes(stamp) && p.to.every((t) => m.to.includes(t)) && (!p.requireTls || m.tls)) : null;
    return {
      plan: { ...plan, public: { ...p, connectTo: sink ? `${sink.smarthost} (sink)` : p.connectTo } },
      result,
      unreached: result.unreached,
      confirmedBySink,
    };
  } finally {
    await sink?.close();
  }
}

/** What to do about a refused exchange, by what the server refused. */
export function emailHint(result: SmtpExchangeResult): string {
  if (result.code === 'EENVELOPE')
    return 'the relay refuses this sender or recipient: fix `to`/`from` of the email receiver (or smtp_from), or allow them on the relay';
  if (result.code === 'EAUTH') return 'the relay refuses the credentials: check auth_username and the auth_password_file secret (SMTP_AUTH_PASSWORD here)';
  if (result.code === 'ETLS' || /certificate|TLS|SSL/i.test(result.response))
    return 'require_tls is set but STARTTLS failed: enable STARTTLS on the relay, renew its certificate, or set tls_config (ca_file, server_name)';
  return 'send a mail by hand (swaks --server <smarthost> --to <to> --tls) and read the relay log';
}

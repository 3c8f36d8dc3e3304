import { isIP } from 'node:net';
import { createTransport } from 'nodemailer';
import type { Logger } from 'nodemailer/lib/shared';
import { redact } from '../secrets/redact.js';

/** An SMTP exchange as Alertmanager's email notifier would hold it with the configured server. */
export interface SmtpExchangeSettings {
  host: string;
  port: number;
  /** Alertmanager's `require_tls`: STARTTLS is mandatory (and not used at all when false). */
  requireTls: boolean;
  /** `tls_config.insecure_skip_verify`. */
  insecureSkipVerify: boolean;
  /** `tls_config.server_name`, else the host. */
  serverName?: string;
  /** `hello`: the EHLO name. */
  hello: string;
  auth?: { user: string; pass: string };
  from: string;
  to: string[];
  subject: string;
  text: string;
  timeoutMs: number;
}

export interface SmtpExchangeResult {
  /** The server took the message for every recipient (250 after DATA). */
  delivered: boolean;
  accepted: string[];
  rejected: string[];
  /** The server's last reply, or the error. */
  response: string;
  messageId?: string;
  /** Nodemailer's error code: EENVELOPE (refused sender/recipient), EAUTH, ETLS, ECONNECTION, ETIMEDOUT, ... */
  code?: string;
  /** The server did not answer at all: the exchange could not be held. */
  unreached: boolean;
  /** The client's log of the dialogue (credentials are never logged by Nodemailer), redacted. */
  transcript: string[];
}

/** A server that did not answer at all (refused, unknown name, timed out), as opposed to one that refused something. */
const UNREACHED = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET|Greeting never received|Connection timeout/i;

function collectingLogger(lines: string[]): Logger {
  const push = (...params: unknown[]) => {
    const text = params.filter((p) => typeof p === 'string').join(' ');
    if (text) lines.push(redact(text));
  };
  return { trace: push, debug: push, info: push, warn: push, error: push, fatal: push };
}

const addressOf = (a: unknown): string =>
  typeof a === 'string' ? a : typeof a === 'object' && a && 'address' in a ? String((a as { address: unknown }).address) : String(a);

/** One real SMTP exchange (EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, QUIT) with Nodemailer's client. */
export async function smtpExchange(s: SmtpExchangeSettings): Promise<SmtpExchangeResult> {
  const transcript: string[] = [];
  const transport = createTransport({
    host: s.host,
    port: s.port,
    secure: s.port === 465,
    requireTLS: s.requireTls,
    ignoreTLS: !s.requireTls && s.port !== 465,
    tls: { rejectUnauthorized: !s.insecureSkipVerify, ...(isIP(s.serverName ?? s.host) ? {} : { servername: s.serverName ?? s.host }) },
    name: s.hello,
    auth: s.auth,
    connectionTimeout: s.timeoutMs,
    greetingTimeout: s.timeoutMs,
    socketTimeout: s.timeoutMs,
    logger: collectingLogger(transcript),
    debug: true,
  });
  try {
    const info = await transport.sendMail({ from: s.from, to: s.to, subject: s.subject, text: s.text });
    const rejected = info.rejected.map(addressOf);
    return {
      delivered: rejected.length === 0,
      unreached: false,
      accepted: info.accepted.map(addressOf),
      rejected,
      response: info.response,
      messageId: info.messageId,
      transcript,
    };
  } catch (error) {
    const e = error as Error & { code?: string; response?: string; rejected?: unknown[] };
    const unreached = ['ECONNECTION', 'ETIMEDOUT', 'EDNS'].includes(e.code ?? '') || (e.code === 'ESOCKET' && UNREACHED.test(e.message));
    return {
      delivered: false,
      unreached,
      accepted: [],
      rejected: (e.rejected ?? []).map(addressOf),
      response: redact(e.response ?? e.message),
      code: e.code,
      transcript,
    };
  } finally {
    transport.close();
  }
}

import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerError } from 'smtp-server';

/** One message the sink accepted. */
export interface SinkMessage {
  from: string;
  to: string[];
  /** The raw message (headers and body) as the client sent it after DATA. */
  data: string;
  /** True when the session had been upgraded with STARTTLS. */
  tls: boolean;
  receivedAt: string;
}

export interface SmtpSink {
  host: string;
  port: number;
  /** host:port, as a smarthost is written. */
  smarthost: string;
  messages: readonly SinkMessage[];
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;

function refused(message: string, responseCode: number): SMTPServerError {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * A local SMTP server that behaves as a relay does where a check can see it (smtp-server, the
 * maintained Nodemailer server): it offers STARTTLS (smtp-server's own self-signed certificate) and
 * AUTH (any credentials pass), refuses recipients in the reserved `.invalid` domain as a relay
 * refuses an unknown destination (550 5.1.2), and keeps every accepted message, so a test sees
 * that the mail was really delivered. Listens on 127.0.0.1 on a free port.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const server = new SMTPServer({
    name: 'checklist-smtp-sink',
    banner: 'checklist SMTP sink',
    authOptional: true,
    size: MAX_MESSAGE_BYTES,
    logger: false,
    closeTimeout: 1_000,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'checklist' });
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const domain = address.address.split('@').pop()?.toLowerCase() ?? '';
      if (domain === 'invalid' || domain.endsWith('.invalid'))
        return callback(refused(`5.1.2 <${address.address}>: Recipient address rejected: domain ${domain} does not exist`, 550));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(refused('5.3.4 message too big', 552));
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
          tls: session.secure,
          receivedAt: new Date().toISOString(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    smarthost: `127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../tools/smtp-sink.js';
import { smtpExchange, type SmtpExchangeSettings } from './smtp.js';

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.close());

const settings = (over: Partial<SmtpExchangeSettings>): SmtpExchangeSettings => ({
  host: sink.host,
  port: sink.port,
  requireTls: true,
  insecureSkipVerify: true,
  hello: 'localhost',
  from: 'alertmanager@example.com',
  to: ['oncall@example.com'],
  subject: 'test',
  text: 'hello',
  timeoutMs: 5_000,
  ...over,
});

describe('a real SMTP exchange with the suite’s sink', () => {
  it('delivers over STARTTLS, and the sink holds the message', async () => {
    const result = await smtpExchange(settings({ subject: 'tls-1' }));
    expect(result).toMatchObject({ delivered: true, accepted: ['oncall@example.com'], rejected: [] });
    expect(result.transcript.join('\n')).toMatch(/STARTTLS/);
    expect(sink.messages.find((m) => m.data.includes('tls-1'))).toMatchObject({ tls: true, from: 'alertmanager@example.com', to: ['oncall@example.com'] });
  });

  it('does not use TLS when require_tls is false', async () => {
    await smtpExchange(settings({ requireTls: false, subject: 'plain-1' }));
    expect(sink.messages.find((m) => m.data.includes('plain-1'))?.tls).toBe(false);
  });

  it('reports a refused recipient as the relay says it', async () => {
    const result = await smtpExchange(settings({ to: ['x@nowhere.invalid'] }));
    expect(result).toMatchObject({ delivered: false, code: 'EENVELOPE', rejected: ['x@nowhere.invalid'] });
    expect(result.response).toMatch(/550 5\.1\.2/);
  });

  it('refuses a self-signed certificate unless told to skip verification', async () => {
    const result = await smtpExchange(settings({ insecureSkipVerify: false }));
    expect(result).toMatchObject({ delivered: false, unreached: false });
    expect(result.response).toMatch(/certificate/);
  });

  it('names a server that does not answer as unreached', async () => {
    const result = await smtpExchange(settings({ port: 9, timeoutMs: 1_000 }));
    expect(result).toMatchObject({ delivered: false, unreached: true });
  });
});

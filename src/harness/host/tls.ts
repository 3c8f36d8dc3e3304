import { readFileSync } from 'node:fs';
import { checkServerIdentity, connect, rootCertificates, type DetailedPeerCertificate } from 'node:tls';
import { ItemBroken, type Finding } from '../../registry/errors.js';

export interface TlsReport {
  endpoint: string;
  subject: string;
  issuer: string;
  altNames: string;
  validFrom: string;
  validTo: string;
  /** Whole days of validity left (0 on the last day); negative: whole days since it expired. */
  daysLeft: number;
  expired: boolean;
  chain: string[];
  fingerprint256: string;
  /** OpenSSL's verdict on the chain against the trusted CAs; null when it verifies. */
  chainError: string | null;
  selfSigned: boolean;
  hostnameError: string | null;
}

const DAY_MS = 86_400_000;
const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const nameOf = (n: Record<string, string | string[] | undefined> | undefined) =>
  Object.entries(n ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');

/** The trusted CAs: the system's (Node's bundle), plus TLS_CA_FILE's for an internal CA. */
export function trustedCas(caFile: string | null): string[] {
  return caFile ? [...rootCertificates, readFileSync(caFile, 'utf8')] : [...rootCertificates];
}

/** Opens a TLS connection to an https endpoint (SNI = its host name) and reads what it presents, without trusting it. */
export function inspectTls(endpoint: string, cas: string[], timeoutMs: number, now = Date.now()): Promise<TlsReport> {
  const url = new URL(endpoint);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, servername: /^[\d.:]+$/.test(host) ? undefined : host, ca: cas, rejectUnauthorized: false, timeout: timeoutMs });
    const fail = (why: string) => {
      socket.destroy();
      reject(new ItemBroken(`no TLS handshake with ${endpoint}: ${why}`));
    };
    socket.once('timeout', () => fail(`no answer within ${timeoutMs} ms`));
    socket.once('error', (e: NodeJS.ErrnoException) => fail(e.code ?? e.message));
    socket.once('secureConnect', () => {
      const leaf = socket.getPeerCertificate(true);
      const chainError = socket.authorized ? null : String(socket.authorizationError ?? 'not verified');
      socket.end();
      if (!leaf || !leaf.raw) return fail('the server presented no certificate');
      const chain: string[] = [];
      for (let c: DetailedPeerCertificate | undefined = leaf; c && chain.length < 10; c = c.issuerCertificate === c ? undefined : c.issuerCertificate)
        chain.push(nameOf(c.subject));
      const identity = checkServerIdentity(host, leaf);
      resolve({
        endpoint,
        subject: nameOf(leaf.subject),
        issuer: nameOf(leaf.issuer),
        altNames: leaf.subjectaltname ?? '',
        validFrom: new Date(leaf.valid_from).toISOString(),
        validTo: new Date(leaf.valid_to).toISOString(),
        daysLeft: Math.trunc((new Date(leaf.valid_to).getTime() - now) / DAY_MS),
        expired: new Date(leaf.valid_to).getTime() <= now,
        chain,
        fingerprint256: leaf.fingerprint256,
        chainError: chainError && /ERR_TLS_CERT_ALTNAME_INVALID|Hostname\/IP does not match/.test(chainError) ? null : chainError,
        selfSigned:
          (chainError !== null && SELF_SIGNED.has(chainError)) ||
          (nameOf(leaf.subject) === nameOf(leaf.issuer) && leaf.issuerCertificate?.fingerprint256 === leaf.fingerprint256),
        hostnameError: identity ? identity.message : null,
      });
    });
  });
}

/** What is wrong with one endpoint's certificate: self-signed, a chain that does not verify, a wrong host name, expiry. */
export function tlsFindings(r: TlsReport, minDays: number): Finding[] {
  const where = `${r.endpoint} (certificate ${r.subject}, issued by ${r.issuer}, valid until ${r.validTo})`;
  const findings: Finding[] = [];
  if (r.selfSigned)
    findings.push({
      expected: 'a certificate issued by a trusted CA',
      found: `a self-signed certificate (${r.chainError ?? 'issuer = subject'})`,
      where,
      hint: 'install a certificate from your CA (or ACME); for an internal CA set TLS_CA_FILE',
    });
  else if (r.chainError && r.chainError !== 'CERT_HAS_EXPIRED')
    findings.push({
      expected: 'a chain that verifies against the trusted CAs',
      found: r.chainError,
      where,
      hint: 'serve the full chain (leaf + intermediates); for an internal CA set TLS_CA_FILE',
    });
  if (r.hostnameError)
    findings.push({
      expected: `a certificate for ${new URL(r.endpoint).hostname}`,
      found: `${r.hostnameError} (names: ${r.altNames || r.subject})`,
      where,
      hint: 'issue the certificate for the name clients use',
    });
  if (r.expired)
    findings.push({ expected: 'a certificate that has not expired', found: `expired ${-r.daysLeft} day(s) ago, on ${r.validTo}`, where, hint: 'renew it now' });
  else if (r.daysLeft < minDays)
    findings.push({
      expected: `at least ${minDays} days of validity left (TLS_MIN_DAYS)`,
      found: `${r.daysLeft} day(s) left, until ${r.validTo}`,
      where,
      hint: 'renew it before it expires (automate renewal)',
    });
  return findings;
}

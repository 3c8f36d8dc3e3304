import forge from 'node-forge';

/** A key pair and certificate in PEM, generated for a test. */
export interface Pem {
  key: string;
  cert: string;
  forgeCert: forge.pki.Certificate;
  forgeKey: forge.pki.rsa.PrivateKey;
}

const DAY_MS = 86_400_000;
let serial = 1;

/**
 * A certificate with the given validity (days relative to now) and names, signed by `issuer`
 * (or by itself: self-signed). 2048-bit RSA; a CA when `ca` is set.
 */
export function makeCert(options: { cn: string; ips?: string[]; dns?: string[]; fromDays?: number; toDays: number; issuer?: Pem; ca?: boolean }): Pem {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = new Date(Date.now() + (options.fromDays ?? -1) * DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + options.toDays * DAY_MS);
  cert.setSubject([{ name: 'commonName', value: options.cn }]);
  cert.setIssuer(options.issuer ? options.issuer.forgeCert.subject.attributes : [{ name: 'commonName', value: options.cn }]);
  const altNames = [...(options.dns ?? []).map((value) => ({ type: 2, value })), ...(options.ips ?? []).map((ip) => ({ type: 7, ip }))];
  cert.setExtensions([
    { name: 'basicConstraints', cA: Boolean(options.ca), critical: true },
    { name: 'keyUsage', keyCertSign: Boolean(options.ca), digitalSignature: true, keyEncipherment: true, critical: true },
    ...(options.ca ? [] : [{ name: 'extKeyUsage', serverAuth: true }]),
    ...(altNames.length ? [{ name: 'subjectAltName', altNames }] : []),
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(options.issuer?.forgeKey ?? keys.privateKey, forge.md.sha256.create());
  return { key: forge.pki.privateKeyToPem(keys.privateKey), cert: forge.pki.certificateToPem(cert), forgeCert: cert, forgeKey: keys.privateKey };
}

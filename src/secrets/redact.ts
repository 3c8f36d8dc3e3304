/**
 * Secrets never reach logs, reports or attachments. Every secret the suite learns (a password from
 * the .env file, a generated Grafana password, a webhook URL) is registered here, and every text
 * that leaves the process goes through redact().
 */
const secrets = new Set<string>();
const MASK = '***';

/** Register a secret value; short values (< 4 characters) are refused as too easy to match by accident. */
export function registerSecret(value: string | undefined): void {
  if (!value) return;
  if (value.length < 4) throw new Error('a secret shorter than 4 characters cannot be masked reliably; use a longer one');
  secrets.add(value);
  secrets.add(encodeURIComponent(value));
  secrets.add(Buffer.from(value).toString('base64'));
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(MASK);
  // credentials embedded in URLs: http://user:pass@host
  return out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${MASK}@`);
}

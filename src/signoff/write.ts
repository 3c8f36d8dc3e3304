import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../secrets/redact.js';
import { html } from './html.js';
import { markdown } from './markdown.js';
import type { Signoff } from './signoff.js';

export const SIGNOFF_FILES = ['signoff.json', 'signoff.md', 'signoff.html'] as const;

/** Removes an earlier sign-off, so that a run that ends without one leaves nothing to be mistaken for its result. */
export function removeSignoff(dir: string): void {
  for (const f of [...SIGNOFF_FILES, 'manifest.json']) rmSync(join(dir, f), { force: true });
}

/** signoff.json, signoff.md and the one-page signoff.html, every text redacted. */
export function writeSignoff(dir: string, signoff: Signoff): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'signoff.json'), redact(JSON.stringify(signoff, null, 2)) + '\n');
  writeFileSync(join(dir, 'signoff.md'), redact(markdown(signoff)));
  writeFileSync(join(dir, 'signoff.html'), redact(html(signoff)));
}

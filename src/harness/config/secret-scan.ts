import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { registerSecret } from '../../secrets/redact.js';
import { repoFiles } from '../repo/files.js';

/** A credential secretlint found: where and which rule; never its value. */
export interface SecretFinding {
  file: string;
  line: number;
  rule: string;
}

const BINARY = /\.(png|jpe?g|gif|ico|webp|pdf|zip|gz|tgz|xz|woff2?|ttf|eot|jar|wasm|node)$/i;
const MAX_BYTES = 1_000_000;

/**
 * Scans every file of the repository with secretlint's recommended rules. The values found are
 * registered as secrets, so no report, log or attachment can print them.
 */
export async function scanRepository(repoDir: string): Promise<{ scanned: number; findings: SecretFinding[] }> {
  const files = repoFiles(repoDir).filter((f) => !BINARY.test(f));
  const findings: SecretFinding[] = [];
  let scanned = 0;
  for (const file of files) {
    const path = join(repoDir, file);
    let content: string;
    try {
      if (statSync(path).size > MAX_BYTES) continue;
      content = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    if (content.includes('\0')) continue;
    scanned += 1;
    const result = await lintSource({
      source: { filePath: path, content, contentType: 'text' },
      options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] }, maskSecrets: true },
    });
    for (const message of result.messages) {
      const value = content.slice(message.range[0], message.range[1]);
      if (value.length >= 4) registerSecret(value);
      findings.push({ file, line: message.loc.start.line, rule: message.ruleId });
    }
  }
  return { scanned, findings };
}

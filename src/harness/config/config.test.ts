import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpolations } from './env-refs.js';
import { composeLiteralSecrets, documentedVariables, envExampleFindings, literalSecrets } from './checks.js';
import { schemaFindings } from './schema-check.js';
import { scanRepository } from './secret-scan.js';
import { redact } from '../../secrets/redact.js';

describe('compose interpolation', () => {
  it('tells required from defaulted references, nested defaults and $$ escapes', () => {
    expect(interpolations('${IMAGE:-app:${VERSION:-1}} $$NOT ${PASSWORD:?needed} $PLAIN ${ALT:+x} ${BARE}')).toEqual([
      { name: 'IMAGE', required: false },
      { name: 'VERSION', required: false },
      { name: 'PASSWORD', required: true },
      { name: 'PLAIN', required: true },
      { name: 'ALT', required: false },
      { name: 'BARE', required: true },
    ]);
  });
});

describe('.env.example', () => {
  const text = '# REQUIRED: the password.\nPASSWORD=\n\n# The user.\nUSER_NAME=admin\n# OPTIONAL_EXAMPLE=commented out\nTOKEN= # REQUIRED\n';
  it('reads documented variables and whether the comment above (or beside) marks them REQUIRED', () => {
    expect(Object.fromEntries(documentedVariables(text))).toEqual({
      PASSWORD: { required: true },
      USER_NAME: { required: false },
      OPTIONAL_EXAMPLE: { required: false },
      TOKEN: { required: true },
    });
  });
  it('names undocumented variables and required ones not marked', () => {
    const refs = new Map([
      ['PASSWORD', { required: true, where: ['compose.yml'] }],
      ['USER_NAME', { required: true, where: ['compose.yml'] }],
      ['NEW_VAR', { required: false, where: ['config.yaml'] }],
    ]);
    expect(envExampleFindings(refs, '.env.example', text).map((f) => f.expected)).toEqual([
      'NEW_VAR documented in .env.example',
      'USER_NAME marked REQUIRED in .env.example (it has no default)',
    ]);
  });
});

describe('secrets in the config', () => {
  it('accepts env references at secret keys and names literals without their value', () => {
    const findings = literalSecrets({ path: 'c.yaml', text: '', data: { db: { password: '${DB_PASSWORD}', api_key: 'hunter2-literal' }, name: 'x' } });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      expected: 'db.api_key to be an environment reference such as ${API_KEY}',
      found: 'a literal value (15 characters, not shown)',
    });
    expect(JSON.stringify(findings)).not.toContain('hunter2');
  });
  it('compose variables named like secrets come from a variable without a fallback', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-'));
    writeFileSync(
      join(dir, 'c.yml'),
      'services:\n  g:\n    environment:\n      GF_SECURITY_ADMIN_PASSWORD: ${GRAFANA_PASSWORD:?required}\n      REDIS_PASSWORD: hunter2-literal\n      API_TOKEN: ${TOKEN:-fallback-token}\n      LOG_LEVEL: info\n  h:\n    environment: [DB_PASSWORD=plain-text-pw, USER=admin]\n',
    );
    const found = composeLiteralSecrets(dir, ['c.yml']);
    expect(found.map((f) => `${f.expected.split(' ')[0]} ${f.found}`)).toEqual([
      'services.g.environment.REDIS_PASSWORD a literal value (15 characters, not shown)',
      'services.g.environment.API_TOKEN a reference with a literal fallback (not shown)',
      'services.h.environment.DB_PASSWORD a literal value (13 characters, not shown)',
    ]);
    expect(JSON.stringify(found)).not.toMatch(/hunter2|fallback-token|plain-text-pw/);
  });
  it('secretlint finds a committed Slack webhook and its value is masked from then on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-'));
    execFileSync('git', ['init', '-q'], { cwd: dir });
    // Assembled at run time: this repository must not hold a whole credential (PRE-3.1 scans it).
    const webhook = ['https://hooks.slack.com/services', 'T0UNITTST', 'B0UNITTST', 'u1n2i3t4t5e6s7t8u9n0i1t2'].join('/');
    writeFileSync(join(dir, 'am.yml'), `receivers:\n  - slack_configs:\n      - api_url: ${webhook}\n`);
    const { findings } = await scanRepository(dir);
    expect(findings).toEqual([{ file: 'am.yml', line: 3, rule: '@secretlint/secretlint-rule-slack' }]);
    expect(redact(`leaked ${webhook}`)).not.toContain('u1n2i3t4t5e6s7t8u9n0i1t2');
  });
});

describe('schema validation', () => {
  it("reports every error with its path, for the schema's own draft", () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-'));
    writeFileSync(
      join(dir, 's.json'),
      JSON.stringify({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        additionalProperties: false,
        properties: { port: { type: 'integer' }, mode: { enum: ['a', 'b'] }, password: { type: 'string', pattern: '^\\$\\{' } },
      }),
    );
    const { errors } = schemaFindings(dir, { path: 'c.yaml', text: '', data: { port: '80', mode: 'c', extra: 1, password: 'literal' } }, 's.json');
    expect(errors).toEqual([
      '(root): must NOT have additional properties (extra)',
      '/port: must be integer',
      '/mode: must be equal to one of the allowed values (["a","b"])',
      '/password: must match pattern "^\\$\\{" [value not shown: a secret key]',
    ]);
  });
});

// Seed section: 3. Configuration (CRITICAL).
// The production config (CONFIG_FILE, or found by name), its JSON Schema (CONFIG_SCHEMA, its own
// $schema, or config.schema.json), the compose files (COMPOSE_FILES, or found by name) and the
// .env.example (ENV_EXAMPLE, or the one beside the compose files). Secrets are reported present or
// absent, never shown; every credential secretlint finds is masked in every output.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { item } from '../../src/harness/vitest.js';
import { check, checkAll, type Finding } from '../../src/registry/errors.js';
import { composeFiles, envExamplePath, productionConfig, schemaPath } from '../../src/harness/config/discover.js';
import { composeLiteralSecrets, envExampleFindings, literalSecrets, referencedVariables } from '../../src/harness/config/checks.js';
import { scanRepository } from '../../src/harness/config/secret-scan.js';
import { schemaFindings } from '../../src/harness/config/schema-check.js';
import { secretStatuses } from '../../src/harness/config/secrets.js';

item('PRE-3.1', async ({ target, evidence }) => {
  const config = productionConfig(target);
  const scan = await scanRepository(target.repoDir);
  await evidence.json('secret scan (secretlint, recommended rules)', { config: config.path, filesScanned: scan.scanned, findings: scan.findings });
  const credentials: Finding[] = scan.findings.map((f) => ({
    expected: 'no credential in the repository',
    found: `a credential (${f.rule}; value not shown)`,
    where: `${f.file}:${f.line}`,
    hint: 'revoke and rotate it, remove it from the file and the git history, and read it from the environment instead',
  }));
  checkAll([...literalSecrets(config), ...composeLiteralSecrets(target.repoDir, composeFiles(target)), ...credentials]);
});

item('PRE-3.2', async ({ target, evidence }) => {
  const compose = composeFiles(target);
  let config = null;
  try {
    config = productionConfig(target);
  } catch {
    // no production config: PRE-3.1 reports it; the compose files are still checked here
  }
  const refs = referencedVariables(target, compose, config);
  const env = envExamplePath(target, compose);
  await evidence.json('referenced variables', { compose, config: config?.path ?? null, envExample: env.path, variables: Object.fromEntries(refs) });
  check(env.path, {
    expected: "a .env.example documenting the deployment's variables",
    found: `none of ${env.looked.join(', ')}`,
    where: target.repoDir,
    hint: 'write one (REQUIRED marked), or name it in ENV_EXAMPLE',
  });
  check(refs.size > 0, {
    expected: 'compose files or a config that reference variables',
    found: `no variable referenced by ${[...compose, config?.path].filter(Boolean).join(', ') || 'no compose file and no config'}`,
    where: target.repoDir,
    hint: 'name the compose files in COMPOSE_FILES',
  });
  checkAll(envExampleFindings(refs, env.path, readFileSync(join(target.repoDir, env.path), 'utf8')));
});

item('PRE-3.3', async ({ target, evidence }) => {
  let config = null;
  try {
    config = productionConfig(target);
  } catch {
    // no production config: the named secrets are still checked
  }
  const statuses = await secretStatuses(target, composeFiles(target), config);
  await evidence.json('secrets (present/absent only)', statuses);
  checkAll(
    statuses
      .filter((s) => s.used && !s.present)
      .map((s) => ({
        expected: `the secret ${s.name} in the deployment's environment (${s.why})`,
        found: 'absent',
        where: s.where ?? '?',
        hint: `provision ${s.name} where the deployment reads it (compose .env or the secrets file), then restart the service`,
      })),
  );
});

item('PRE-3.4', async ({ target, evidence }) => {
  const config = productionConfig(target);
  const schema = schemaPath(target, config);
  check(schema.path, {
    expected: `a JSON Schema for ${config.path}`,
    found: `none of ${schema.looked.join(', ')}`,
    where: target.repoDir,
    hint: 'add the schema, or name it in CONFIG_SCHEMA',
  });
  const { errors, finding } = schemaFindings(target.repoDir, config, schema.path);
  await evidence.json('schema validation (Ajv)', { config: config.path, schema: schema.path, errors });
  checkAll([finding]);
});

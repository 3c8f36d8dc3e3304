import { z } from 'zod';

/**
 * The variables of the repository items (PRE-1 code quality, PRE-2 documentation, PRE-3
 * configuration). Empty means "the default for the target's kind" (discovered in the repository,
 * see src/harness/code/defaults.ts and src/harness/config/discover.ts); `none` means "this
 * target has no such thing", and the item is then not applicable (not-configured).
 */
const command = (example: string) => z.string().trim().min(1, `is empty (example: ${example}, or none)`).optional();
const relPath = (example: string) => z.string().trim().min(1, `is empty (example: ${example})`).optional();
const wholeNumber = (unit: string, min: number, max: number, example: string) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number of ${unit} (example: ${example})`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max} (example: ${example})`);
const list = (example: string) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((v) => v.length > 0, `is empty (example: ${example})`)
    .optional();

export const repoEnvShape = {
  APP_DIR: z.string().trim().min(1, 'is empty (example: .)').default('.'),
  UNIT_TEST_COMMAND: command('npm run test:unit'),
  INTEGRATION_TEST_COMMAND: command('npm run test:integration'),
  COVERAGE_COMMAND: command('npm run coverage'),
  TYPECHECK_COMMAND: command('npx tsc --noEmit'),
  LINT_COMMAND: command('npm run lint'),
  AUDIT_COMMAND: command('npm audit --json'),
  COMMAND_TIMEOUT_MS: wholeNumber('milliseconds', 1_000, 840_000, '600000').default(600_000),
  COVERAGE_THRESHOLD: wholeNumber('percent', 0, 100, '85').default(85),
  COVERAGE_METRIC: z.enum(['lines', 'statements', 'functions', 'branches'], { error: 'must be lines, statements, functions or branches' }).default('lines'),
  DOCS: z
    .string()
    .transform((v) => v.split(',').map((pair) => pair.split('=').map((s) => s.trim())))
    .refine(
      (pairs) => pairs.every((p) => p.length === 2 && p[0] && p[1]),
      'must be Name=path pairs separated by commas (example: README=README.md,Runbook=docs/runbook.md)',
    )
    .transform((pairs) => pairs.map(([name, path]) => ({ name: name!, path: path! })))
    .optional(),
  DOC_MIN_WORDS: wholeNumber('words', 1, 100_000, '150').default(150),
  DOC_MIN_SECTIONS: wholeNumber('headings', 0, 1_000, '2').default(2),
  CONFIG_FILE: relPath('config.prod.yaml'),
  CONFIG_SCHEMA: relPath('config.schema.json'),
  ENV_EXAMPLE: relPath('.env.example'),
  COMPOSE_FILES: list('docker-compose.yml,docker-compose.prod.yml'),
  SECRETS: list('GRAFANA_PASSWORD,SLACK_WEBHOOK_URL,REDIS_PASSWORD').default(['GRAFANA_PASSWORD', 'SLACK_WEBHOOK_URL', 'REDIS_PASSWORD']),
  SLACK_SECRET: z
    .string()
    .trim()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a variable name (example: SLACK_WEBHOOK_URL)')
    .default('SLACK_WEBHOOK_URL'),
  SECRETS_ENV_FILE: relPath('/etc/mcp-secrets/prod.env'),
};

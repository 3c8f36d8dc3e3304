import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Finding } from '../../registry/errors.js';
import { ItemBroken } from '../../registry/errors.js';
import type { ConfigFile } from './discover.js';
import { SECRET_KEY } from './checks.js';

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
type AddFormats = (ajv: Ajv) => Ajv;
const formatsModule = addFormatsModule as unknown as AddFormats | { default: AddFormats };
const addFormats: AddFormats = typeof formatsModule === 'function' ? formatsModule : formatsModule.default;

function validatorFor(schema: Record<string, unknown>) {
  const draft = String(schema.$schema ?? '');
  const options = { allErrors: true, strict: false, verbose: false };
  const ajv = draft.includes('2020-12') ? new Ajv2020(options) : draft.includes('2019-09') ? new Ajv2019(options) : new Ajv(options);
  addFormats(ajv);
  return ajv.compile(schema);
}

/** One error as a person reads it: the path in the config, what the schema says; a secret's value is never shown. */
function describe(error: ErrorObject): string {
  const path = error.instancePath || '(root)';
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})`
      : error.keyword === 'enum' || error.keyword === 'const'
        ? ` (${JSON.stringify((error.params as { allowedValues?: unknown; allowedValue?: unknown }).allowedValues ?? (error.params as { allowedValue?: unknown }).allowedValue)})`
        : '';
  const secret = SECRET_KEY.test(path.split('/').at(-1) ?? '') ? ' [value not shown: a secret key]' : '';
  return `${path}: ${error.message ?? error.keyword}${extra}${secret}`;
}

/** PRE-3.4: the config validates against its JSON Schema (Ajv, the schema's own draft); every error with its path. */
export function schemaFindings(repoDir: string, config: ConfigFile, schemaFile: string): { errors: string[]; finding: Finding | null } {
  let schema: Record<string, unknown>;
  let validate: ReturnType<typeof validatorFor>;
  try {
    schema = JSON.parse(readFileSync(join(repoDir, schemaFile), 'utf8')) as Record<string, unknown>;
    validate = validatorFor(schema);
  } catch (error) {
    throw new ItemBroken(
      `the schema ${schemaFile} could not be compiled, so ${config.path} could not be validated: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (validate(config.data)) return { errors: [], finding: null };
  const errors = (validate.errors ?? []).map(describe);
  return {
    errors,
    finding: {
      expected: `${config.path} to validate against ${schemaFile}`,
      found: `${errors.length} error${errors.length === 1 ? '' : 's'}:\n  ${errors.join('\n  ')}`,
      where: config.path,
      hint: 'fix each value at the path named (or, if the schema is wrong, the schema)',
    },
  };
}

import { existsSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';

/** A date YYYY-MM-DD, written quoted or not (YAML reads an unquoted one as a Date). */
export const isoDate = (example: string) =>
  z
    .union([z.string(), z.date()])
    .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), `must be a date YYYY-MM-DD (example: ${example})`);

/**
 * Reads a YAML file of the target and validates it against `schema`; every problem (missing file,
 * YAML syntax, shape) as one line, handed to `fail` (which throws the caller's bad-input error).
 */
export function loadYamlFile<S extends z.ZodType>(file: string, schema: S, fail: (problems: string[]) => never): z.output<S> {
  if (!existsSync(file)) fail(['the file does not exist']);
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length) fail(doc.errors.map((e) => `YAML: ${e.message.split('\n')[0]}`));
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    fail([`YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`]);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) fail(parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`));
  return parsed.data as z.output<S>;
}

/** A file of the target that is not valid: bad input, one line per problem, before anything starts. */
export class InputFileError extends Error {
  /** What kind of file, in the message: "attestations file". */
  static readonly what: string = 'file';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not a valid ${(new.target as typeof InputFileError).what}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = new.target.name;
  }
}

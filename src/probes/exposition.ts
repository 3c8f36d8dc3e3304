/**
 * A small parser of the Prometheus text exposition format 0.0.4 (docs/dev/contracts-external.md §5):
 * `# HELP`, `# TYPE`, samples `name{l="v"} value [timestamp]`. The npm package
 * parse-prometheus-text-format (1.1.1) was tried and does not fit: it silently accepts malformed
 * lines (`d 1 2 3` becomes timestamp 23, a sample without a name becomes a metric), so a check built
 * on it could not report a broken exposition. This one is small, tested
 * (test/probes/exposition.test.ts) and strict: a line it cannot read is an error naming the line.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs?: number;
}

export interface Exposition {
  samples: Sample[];
  /** TYPE per family name as declared. */
  types: Map<string, string>;
  help: Map<string, string>;
}

export class ExpositionParseError extends Error {
  constructor(
    readonly line: number,
    reason: string,
    text: string,
  ) {
    super(`line ${line}: ${reason}: ${text.slice(0, 120)}`);
    this.name = 'ExpositionParseError';
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** Values as Prometheus reads them (Go's ParseFloat): NaN and Inf in any case; prom-client writes `Nan`. */
function parseValue(raw: string): number | undefined {
  const lower = raw.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  const value = Number(raw);
  return raw.trim() === '' || Number.isNaN(value) ? undefined : value;
}

/** Reads `{a="1",b="x\"y"}` starting at `text[start] === '{'`; returns the labels and the index after `}`. */
function parseLabels(text: string, start: number, lineNo: number): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let i = start + 1;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === ',') i++;
    if (text[i] === '}') return [labels, i + 1];
    const name = LABEL_NAME.exec(text.slice(i))?.[0];
    if (!name) throw new ExpositionParseError(lineNo, 'bad label name', text);
    i += name.length;
    if (text[i] !== '=' || text[i + 1] !== '"') throw new ExpositionParseError(lineNo, `label ${name} has no ="value"`, text);
    i += 2;
    let value = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const next = text[i + 1];
        value += next === 'n' ? '\n' : (next ?? '');
        i += 2;
      } else {
        value += text[i];
        i++;
      }
    }
    if (text[i] !== '"') throw new ExpositionParseError(lineNo, `label ${name} value is not closed`, text);
    labels[name] = value;
    i++;
    if (text[i] !== ',' && text[i] !== '}') throw new ExpositionParseError(lineNo, `expected , or } after label ${name}`, text);
  }
  throw new ExpositionParseError(lineNo, 'label set is not closed', text);
}

export function parseExposition(body: string): Exposition {
  const result: Exposition = { samples: [], types: new Map(), help: new Map() };
  body.split('\n').forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trimEnd();
    if (!line.trim()) return;
    if (line.startsWith('#')) {
      const meta = /^#\s+(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(line);
      if (meta?.[1] === 'TYPE') result.types.set(meta[2]!, meta[3]!.trim());
      else if (meta?.[1] === 'HELP') result.help.set(meta[2]!, meta[3]!);
      return;
    }
    const name = NAME.exec(line)?.[0];
    if (!name) throw new ExpositionParseError(lineNo, 'no metric name', line);
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) {
      const [parsed, end] = parseLabels(line, name.length, lineNo);
      labels = parsed;
      rest = line.slice(end);
    }
    const parts = rest.trim().split(/\s+/);
    if (parts.length < 1 || parts.length > 2 || parts[0] === '') throw new ExpositionParseError(lineNo, 'expected a value and an optional timestamp', line);
    const value = parseValue(parts[0]!);
    if (value === undefined) throw new ExpositionParseError(lineNo, `value ${parts[0]} is not a number`, line);
    const sample: Sample = { name, labels, value };
    if (parts[1] !== undefined) {
      const ts = Number(parts[1]);
      if (!Number.isInteger(ts)) throw new ExpositionParseError(lineNo, `timestamp ${parts[1]} is not an integer`, line);
      sample.timestampMs = ts;
    }
    result.samples.push(sample);
  });
  return result;
}

/** The family a sample belongs to: `x_bucket`, `x_sum`, `x_count` of a histogram/summary `x` belong to `x`. */
export function familyOf(sampleName: string, types: Map<string, string>): string {
  if (types.has(sampleName)) return sampleName;
  for (const suffix of ['_bucket', '_sum', '_count', '_created', '_total']) {
    const base = sampleName.endsWith(suffix) ? sampleName.slice(0, -suffix.length) : undefined;
    if (base && types.has(base)) return base;
  }
  return sampleName;
}

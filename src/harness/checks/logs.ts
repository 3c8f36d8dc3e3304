import type { Finding } from '../../registry/errors.js';

/** Checks of an application's log lines: plain functions returning findings and what they saw. */

const PINO_LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const ERROR_LEVELS = new Set(['error', 'fatal', 'critical', 'crit', 'alert', 'emerg', 'emergency', 'panic']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The level of a structured line (`level`, `severity`, `lvl`, `log.level`; pino's numbers too), lower case. */
export function levelOf(entry: Json): string | undefined {
  const raw = entry.level ?? entry.severity ?? entry.lvl ?? (isObject(entry.log) ? entry.log.level : undefined);
  if (typeof raw === 'number') return PINO_LEVELS[raw] ?? String(raw);
  return typeof raw === 'string' && raw.trim() ? raw.trim().toLowerCase() : undefined;
}

/** A line about one HTTP request: a method and a status, path or URL (top level, or under req/res/http). */
export function isRequestLine(entry: Json): boolean {
  const parts = [entry, entry.req, entry.request, entry.http, entry.res].filter(isObject);
  const has = (...names: string[]) => parts.some((p) => names.some((n) => n in p));
  return has('method', 'request_method') && has('status', 'statusCode', 'status_code', 'path', 'url', 'route');
}

function correlated(entry: Json, fields: readonly string[]): boolean {
  return [entry, entry.req, entry.request, entry.http, entry.context]
    .filter(isObject)
    .some((p) => fields.some((f) => typeof p[f] === 'string' || typeof p[f] === 'number'));
}

export interface LogAnalysis {
  lines: number;
  notJson: string[];
  noLevel: string[];
  levels: Record<string, number>;
  requestLines: number;
  uncorrelated: string[];
  errorPercent: number;
}

export function analyseLogs(lines: readonly string[], correlationFields: readonly string[]): LogAnalysis {
  const result: LogAnalysis = { lines: lines.length, notJson: [], noLevel: [], levels: {}, requestLines: 0, uncorrelated: [], errorPercent: 0 };
  let errors = 0;
  for (const line of lines) {
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      entry = undefined;
    }
    if (!isObject(entry)) {
      result.notJson.push(line);
      continue;
    }
    const level = levelOf(entry);
    if (!level) result.noLevel.push(line);
    else result.levels[level] = (result.levels[level] ?? 0) + 1;
    if (level && ERROR_LEVELS.has(level)) errors++;
    if (isRequestLine(entry)) {
      result.requestLines++;
      if (!correlated(entry, correlationFields)) result.uncorrelated.push(line);
    }
  }
  result.errorPercent = lines.length ? (errors / lines.length) * 100 : 0;
  return result;
}

const sample = (list: string[]) =>
  list
    .slice(0, 3)
    .map((l) => JSON.stringify(l.slice(0, 160)))
    .join(', ');

export function logFindings(a: LogAnalysis, settings: { correlationFields: readonly string[]; errorMaxPercent: number }, where: string): Finding[] {
  return [
    a.lines === 0 && {
      expected: 'application log lines in the window',
      found: 'no lines',
      where,
      hint: 'check where the application writes its logs (LOG_FILE / LOG_COMMAND)',
    },
    a.notJson.length > 0 && {
      expected: 'every log line valid JSON (one object per line)',
      found: `${a.notJson.length} of ${a.lines} lines are not, e.g. ${sample(a.notJson)}`,
      where,
      hint: 'configure the logger for JSON output (pino, winston format.json, structlog JSONRenderer)',
    },
    a.noLevel.length > 0 && {
      expected: 'a level on every JSON log line (level, severity or lvl)',
      found: `${a.noLevel.length} lines without, e.g. ${sample(a.noLevel)}`,
      where,
    },
    a.lines > 0 &&
      a.notJson.length < a.lines &&
      a.requestLines === 0 && {
        expected: 'request log lines (a method with a status, path or URL) for the requests the test sent',
        found: `none among ${a.lines} lines`,
        where,
        hint: 'log one line per request, with its correlation id',
      },
    a.uncorrelated.length > 0 && {
      expected: `a correlation id (${settings.correlationFields.join(', ')}) on every request line`,
      found: `${a.uncorrelated.length} of ${a.requestLines} request lines without, e.g. ${sample(a.uncorrelated)}`,
      where,
      hint: 'take x-correlation-id from the request (or make one) and put it on every line of the request (a child logger)',
    },
    a.errorPercent > settings.errorMaxPercent && {
      expected: `ERROR lines at most ${settings.errorMaxPercent} % of the window (LOG_ERROR_MAX_PERCENT)`,
      found: `${a.errorPercent.toFixed(1)} % (${JSON.stringify(a.levels)})`,
      where,
    },
  ].filter((f): f is Finding => Boolean(f));
}

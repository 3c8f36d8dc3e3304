import { Agent, request } from 'undici';
import { ItemBroken } from '../registry/errors.js';
import { redact } from '../secrets/redact.js';

/** One keep-alive pool for every probe of a worker. */
const agent = new Agent({ keepAliveTimeout: 10_000, connections: 16 });

export interface HttpExchange {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  elapsedMs: number;
}

export interface HttpOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/**
 * One HTTP exchange with a deadline. A part that does not answer (refused, reset, timed out) is an
 * ItemBroken naming the URL and the elapsed time: the item could not be decided, it did not fail.
 */
export async function exchange(url: string, options: HttpOptions): Promise<HttpExchange> {
  const method = options.method ?? 'GET';
  const started = performance.now();
  try {
    const response = await request(url, {
      method,
      headers: options.headers,
      body: options.body,
      dispatcher: agent,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const body = await response.body.text();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { method, url, status: response.statusCode, headers, body, elapsedMs: Math.round(performance.now() - started) };
  } catch (error) {
    const elapsed = Math.round(performance.now() - started);
    const reason = error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error);
    throw new ItemBroken(redact(`${method} ${url} got no answer after ${elapsed} ms (${reason})`));
  }
}

/** Parses a JSON body, or breaks the item with the start of what came instead. */
export function jsonOf<T>(res: HttpExchange): T {
  try {
    return JSON.parse(res.body) as T;
  } catch {
    throw new ItemBroken(redact(`${res.method} ${res.url} answered ${res.status} with a body that is not JSON: ${res.body.slice(0, 200)}`));
  }
}

/** A short, redacted description of an exchange, for failure messages. */
export function describe(res: HttpExchange): string {
  return redact(`${res.method} ${res.url} -> ${res.status} in ${res.elapsedMs} ms`);
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

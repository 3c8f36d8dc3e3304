import { connect } from 'node:net';

export interface TcpAttempt {
  address: string;
  ok: boolean;
  elapsedMs: number;
  /** Why the connection failed (ECONNREFUSED, a timeout, ...). */
  error?: string;
}

/** `host:port` (IPv6 in brackets) -> its parts. */
export function splitHostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(address.slice(at + 1)) };
}

/** The host:port a URL connects to (its default port when it names none). */
export function hostPortOf(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
}

/** One TCP connection with a deadline, closed at once: does `address` accept connections, and how fast. */
export function tcpConnect(address: string, timeoutMs: number): Promise<TcpAttempt> {
  const { host, port } = splitHostPort(address);
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (error?: string) => {
      socket.destroy();
      clearTimeout(timer);
      resolve({ address, ok: !error, elapsedMs: Math.round((performance.now() - started) * 10) / 10, ...(error ? { error } : {}) });
    };
    const timer = setTimeout(() => done(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => done());
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}

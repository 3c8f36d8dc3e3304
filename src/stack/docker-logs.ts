import { getContainerRuntimeClient } from 'testcontainers';

interface Frame {
  stream: 'stdout' | 'stderr';
  payload: Buffer;
}

/** Docker's multiplexed (non-TTY) format: 8-byte headers, byte 0 the stream, bytes 4-7 the big-endian size. */
function* frames(buffer: Buffer): Generator<Frame> {
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    yield {
      stream: buffer[offset] === 2 ? 'stderr' : 'stdout',
      payload: buffer.subarray(offset + 8, offset + 8 + size),
    };
    offset += 8 + size;
  }
}

/** Splits a non-TTY container's log output into stdout and stderr. */
export function demuxDockerOutput(buffer: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  for (const frame of frames(buffer)) (frame.stream === 'stderr' ? err : out).push(frame.payload);
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** Both streams in the order Docker stored them. */
export function interleavedDockerOutput(buffer: Buffer): string {
  return Buffer.concat([...frames(buffer)].map((frame) => frame.payload)).toString('utf8');
}

/**
 * The last `lines` lines a container wrote (stdout and stderr interleaved), or a sentence saying why there are
 * none. Never throws: it is used while reporting another failure.
 */
export async function lastLogLines(containerId: string, lines = 30): Promise<string> {
  try {
    const client = await getContainerRuntimeClient();
    const raw: unknown = await client.container.getById(containerId).logs({ follow: false, stdout: true, stderr: true, tail: lines });
    const text = interleavedDockerOutput(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw))).trimEnd();
    return text === '' ? '(the container wrote no log lines)' : text;
  } catch (error) {
    return `(its logs could not be read: ${error instanceof Error ? error.message : String(error)})`;
  }
}

/** A block of log lines under a heading, indented, for error messages. */
export function formatLogBlock(heading: string, logs: string): string {
  return `${heading}\n${logs
    .split('\n')
    .map((line) => `  | ${line}`)
    .join('\n')}`;
}

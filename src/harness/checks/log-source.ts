import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Target } from '../../deployment/target.js';
import { ItemBroken } from '../../registry/errors.js';
import { containerLogLines, runContainers } from './containers.js';

const run = promisify(execFile);

/** Where the application's logs were read, and the last lines there; null: the target names no log source. */
export async function applicationLogs(target: Target): Promise<{ where: string; lines: string[] } | null> {
  const n = target.verify.logLines;
  const last = (text: string) =>
    text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-n);
  if (target.mode === 'reference') {
    const app = (await runContainers(target.app.url)).find((c) => c.isApp)!;
    return { where: `the logs of container ${app.service} (${app.id.slice(0, 12)})`, lines: await containerLogLines(app, n) };
  }
  const { logFile, logCommand } = target.verify;
  if (logFile) {
    const text = await readFile(logFile, 'utf8').catch((error: unknown) => {
      throw new ItemBroken(`LOG_FILE ${logFile} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    });
    return { where: `LOG_FILE ${logFile}`, lines: last(text) };
  }
  if (logCommand) {
    const out = await run('sh', ['-c', logCommand], { timeout: Math.max(10_000, target.httpTimeoutMs), maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: unknown) => {
        throw new ItemBroken(`LOG_COMMAND "${logCommand}" failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
    return { where: `the output of LOG_COMMAND "${logCommand}"`, lines: last(`${out.stdout}\n${out.stderr}`) };
  }
  return null;
}

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ItemBroken } from '../registry/errors.js';
import { runInImage } from './run-in-image.js';

export interface ToolRun {
  /** How it ran, for the evidence: `promtool in image prom/prometheus:v3.5.0` or `promtool on PATH`. */
  where: string;
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The tools that validate a monitoring tree, with where each lives in its image and the tree's mount point. */
const TOOLS = {
  promtool: { entrypoint: '/bin/promtool', mountAt: '/etc/prometheus' },
  amtool: { entrypoint: '/bin/amtool', mountAt: '/etc/alertmanager' },
} as const;

export type ToolName = keyof typeof TOOLS;

const execFileAsync = promisify(execFile);

async function onPath(tool: ToolName, args: string[], dir: string, timeoutMs: number): Promise<ToolRun> {
  const localArgs = args.map((a) => a.replaceAll(TOOLS[tool].mountAt, dir));
  try {
    const { stdout, stderr } = await execFileAsync(tool, localArgs, { timeout: timeoutMs });
    return { where: `${tool} on PATH`, command: [tool, ...localArgs].join(' '), exitCode: 0, stdout, stderr };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { code?: number | string; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new ItemBroken(`${tool} is neither runnable in its image (no Docker engine) nor on PATH`);
    return {
      where: `${tool} on PATH`,
      command: [tool, ...localArgs].join(' '),
      exitCode: typeof e.code === 'number' ? e.code : 1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    };
  }
}

/**
 * Runs promtool or amtool on a monitoring (sub)tree inside the deployed image, so the validator's
 * version is the deployed one; a binary on PATH is the fallback when no Docker engine answers.
 * `args` name files under the tool's mount point (/etc/prometheus or /etc/alertmanager).
 */
export async function runTool(tool: ToolName, args: string[], options: { dir: string; image: string; timeoutMs?: number }): Promise<ToolRun> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const spec = TOOLS[tool];
  try {
    const result = await runInImage({
      image: options.image,
      entrypoint: [spec.entrypoint],
      args,
      dirs: [{ source: options.dir, target: spec.mountAt }],
      timeoutMs,
    });
    return {
      where: `${tool} in image ${options.image}`,
      command: [tool, ...args].join(' '),
      exitCode: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/ENOENT|ECONNREFUSED|Could not find a working container runtime/i.test(message)) return onPath(tool, args, options.dir, timeoutMs);
    throw new ItemBroken(`could not run ${tool} in image ${options.image}: ${message}`);
  }
}

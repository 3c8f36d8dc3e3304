import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runCommand, type CommandRun } from './exec-file.js';

export interface ImageBuild {
  prepare: CommandRun | null;
  build: CommandRun | null;
  /** The built image's id and size, when it built. */
  imageId: string | null;
  sizeBytes: number | null;
  tag: string;
}

/**
 * Builds the application image from its Dockerfile (after the configured prepare command), as a
 * throw-away tag `<name>:checklist-<random>` that is removed afterwards: the build cache stays, and
 * no tag another run or deployment uses is replaced.
 */
export async function buildImage(options: {
  repoDir: string;
  dockerfile: string;
  context: string;
  buildArgs: Record<string, string>;
  prepare: string | null;
  imageName: string;
  timeoutMs: number;
}): Promise<ImageBuild> {
  const tag = `${options.imageName.split(':')[0]}:checklist-${randomBytes(4).toString('hex')}`;
  let prepare: CommandRun | null = null;
  if (options.prepare) {
    prepare = await runCommand('sh', ['-c', options.prepare], { cwd: options.repoDir, timeoutMs: options.timeoutMs });
    if (prepare.exitCode !== 0) return { prepare, build: null, imageId: null, sizeBytes: null, tag };
  }
  const dir = mkdtempSync(join(tmpdir(), 'checklist-build-'));
  try {
    const iidFile = join(dir, 'iid');
    const args = [
      'build',
      '--file',
      options.dockerfile,
      '--iidfile',
      iidFile,
      '--tag',
      tag,
      ...Object.entries(options.buildArgs).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
      options.context,
    ];
    const build = await runCommand('docker', args, { cwd: options.repoDir, timeoutMs: options.timeoutMs });
    if (build.exitCode !== 0) return { prepare, build, imageId: null, sizeBytes: null, tag };
    const imageId = readFileSync(iidFile, 'utf8').trim();
    const inspect = await runCommand('docker', ['image', 'inspect', '--format', '{{.Size}}', imageId], { timeoutMs: 15_000 });
    return { prepare, build, imageId, sizeBytes: inspect.exitCode === 0 ? Number(inspect.stdout.trim()) : null, tag };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await runCommand('docker', ['image', 'rm', '--force', '--no-prune', tag], { timeoutMs: 15_000 });
  }
}

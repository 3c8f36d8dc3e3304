// Seed section: 5. Docker & Images (CRITICAL).
import { relative } from 'node:path';
import { item } from '../../src/harness/vitest.js';
import { check, checkAll } from '../../src/registry/errors.js';
import { buildImage } from '../../src/tools/image-build.js';
import { tail } from '../../src/tools/exec-file.js';
import { scanImage } from '../../src/harness/images/scan.js';
import { manifestFindings, pushImage } from '../../src/harness/images/registry-check.js';
import { imageRef } from '../../src/probes/registry.js';
import { startLocalRegistry } from '../../src/tools/registry-server.js';
import { stackImagesFromEnv } from '../../src/stack/images.js';
import { composeFilesOf } from '../../src/harness/host/data-dirs.js';
import { readCompose } from '../../src/harness/compose/compose.js';
import { composeFindings, roleFindings } from '../../src/harness/compose/check.js';

item(
  'PRE-5.1',
  async ({ target, evidence }) => {
    const s = target.images;
    const built = await buildImage({
      repoDir: target.repoDir,
      dockerfile: s.dockerfile,
      context: s.buildContext,
      buildArgs: s.buildArgs,
      prepare: s.buildPrepare,
      imageName: s.image,
      timeoutMs: 270_000,
    });
    const where = `${relative(target.repoDir, s.dockerfile)} (DOCKERFILE), context ${relative(target.repoDir, s.buildContext) || '.'}`;
    if (built.prepare)
      await evidence.text(
        'prepare log',
        `$ ${built.prepare.command}\nexit ${built.prepare.exitCode} in ${built.prepare.elapsedMs} ms\n\n${built.prepare.stdout}\n${built.prepare.stderr}`,
      );
    check(!built.prepare || built.prepare.exitCode === 0, {
      expected: 'the prepare command to succeed (BUILD_PREPARE_COMMAND)',
      found: `exit ${built.prepare?.exitCode}: ${tail(built.prepare?.stderr || built.prepare?.stdout || '')}`,
      where: `${target.repoDir}: ${s.buildPrepare}`,
      hint: 'run the same command in the repository and fix what it reports',
    });
    const b = built.build!;
    await evidence.text('build log', `$ ${b.command}\nexit ${b.exitCode} in ${b.elapsedMs} ms\n\n${b.stdout}\n${b.stderr}`);
    await evidence.json('image', {
      imageId: built.imageId,
      sizeBytes: built.sizeBytes,
      sizeMb: built.sizeBytes && Math.round(built.sizeBytes / 1e5) / 10,
      buildMs: b.elapsedMs,
      buildArgs: s.buildArgs,
    });
    check(b.exitCode === 0 && built.imageId, {
      expected: 'docker build to succeed',
      found: `exit ${b.exitCode}${b.timedOut ? ' (timed out)' : ''}: ${tail(b.stderr || b.stdout)}`,
      where,
      hint: 'run the same docker build locally; the step that failed is named above',
    });
  },
  { timeoutMs: 300_000 },
);

item(
  'PRE-5.2',
  async ({ target, evidence }) => {
    const { run, findings } = await scanImage(target.images.scannerCommand, target.images.image, target.images.scannerFindingsExit, 240_000);
    await evidence.text('scan', `$ ${run.command}\nexit ${run.exitCode} in ${run.elapsedMs} ms\n\n${run.stdout.slice(0, 200_000)}\n${run.stderr}`);
    checkAll(findings);
  },
  { timeoutMs: 250_000 },
);

item(
  'PRE-5.3',
  async ({ target, evidence, notApplicable }) => {
    const s = target.images;
    if (s.registry) {
      const { findings, seen } = await manifestFindings(imageRef(s.registry, s.image), null, target.httpTimeoutMs);
      await evidence.json('manifest', seen);
      return checkAll(findings);
    }
    if (target.mode !== 'reference') notApplicable('not-configured', 'no REGISTRY: the target names no registry its image is pushed to');
    // The reference deployment's registry: a real one on loopback, started for this item and removed after.
    const registry = await startLocalRegistry();
    try {
      const release = stackImagesFromEnv(process.env).app;
      const push = await pushImage(release, registry.address, 120_000);
      const expected = s.image === release ? push.digest : null;
      const { findings, seen } = await manifestFindings(imageRef(registry.address, s.image), expected, target.httpTimeoutMs);
      await evidence.json('manifest', { ...seen, pushed: push.pushed, pushedDigest: push.digest });
      checkAll(findings);
    } finally {
      await registry.stop();
    }
  },
  { timeoutMs: 180_000 },
);

item('PRE-5.4', async ({ target, evidence }) => {
  const files = composeFilesOf(target.images, target.repoDir).map(readCompose);
  await evidence.json(
    'compose files',
    files.map((f) => ({
      file: relative(target.repoDir, f.file),
      services: f.doc ? Object.keys((f.doc.services as object | undefined) ?? {}) : null,
      errors: f.errors,
    })),
  );
  checkAll([
    ...roleFindings(files, target.repoDir, target.images.composeProductionPattern),
    ...files.flatMap((f) => composeFindings(f, target.repoDir, target.images.composeProductionPattern)),
  ]);
});

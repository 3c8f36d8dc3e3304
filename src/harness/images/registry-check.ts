import { ItemBroken, type Finding } from '../../registry/errors.js';
import { listTags, readManifest, refString, type ImageRef } from '../../probes/registry.js';
import { runCommand, tail } from '../../tools/exec-file.js';

/**
 * The reference deployment's release step: tags its application image for the registry and pushes
 * it; the extra tag is removed afterwards. Returns the digest the registry acknowledged.
 */
export async function pushImage(localImage: string, registry: string, timeoutMs: number): Promise<{ pushed: string; digest: string | null; log: string }> {
  const pushed = `${registry}/${localImage}`;
  const tagged = await runCommand('docker', ['tag', localImage, pushed], { timeoutMs: 15_000 });
  if (tagged.exitCode !== 0)
    throw new ItemBroken(
      `the reference release image ${localImage} could not be tagged for the registry: ${tail(tagged.stderr)} (build it: scripts/build-images.sh)`,
    );
  try {
    const push = await runCommand('docker', ['push', pushed], { timeoutMs });
    if (push.exitCode !== 0) throw new ItemBroken(`docker push ${pushed} failed (exit ${push.exitCode}): ${tail(push.stderr || push.stdout)}`);
    return { pushed, digest: /digest: (sha256:[0-9a-f]{64})/.exec(push.stdout)?.[1] ?? null, log: push.stdout };
  } finally {
    await runCommand('docker', ['image', 'rm', '--force', '--no-prune', pushed], { timeoutMs: 15_000 });
  }
}

/** The tag's manifest must be in the registry (and, when the digest pushed is known, be that one). */
export async function manifestFindings(
  ref: ImageRef,
  expectedDigest: string | null,
  timeoutMs: number,
): Promise<{ findings: Finding[]; seen: Record<string, unknown> }> {
  const { res, digest, mediaType } = await readManifest(ref, timeoutMs);
  const where = `GET ${res.url}`;
  const seen = { reference: refString(ref), status: res.status, digest, mediaType };
  if (res.status === 401 || res.status === 403)
    throw new ItemBroken(`the registry refused the read (${res.status}): registry credentials are not supported by this check yet; ${where}`);
  if (res.status === 404) {
    const tags = await listTags(ref, timeoutMs);
    const found = `404 ${res.body.slice(0, 160).trim()}; tags of ${ref.repository} in the registry: ${tags.length ? tags.join(', ') : 'none'}`;
    return {
      seen: { ...seen, tags },
      findings: [{ expected: `the manifest of ${refString(ref)} in the registry`, found, where, hint: `push the release: docker push ${refString(ref)}` }],
    };
  }
  if (res.status !== 200)
    return {
      seen,
      findings: [
        {
          expected: `200 with the manifest of ${refString(ref)}`,
          found: `${res.status}: ${res.body.slice(0, 200)}`,
          where,
          hint: 'check the registry (REGISTRY) and its logs',
        },
      ],
    };
  if (expectedDigest && digest !== expectedDigest)
    return {
      seen,
      findings: [
        {
          expected: `digest ${expectedDigest} (the image pushed)`,
          found: String(digest),
          where,
          hint: 'the tag was overwritten after the push: push again and pin deployments by digest',
        },
      ],
    };
  return { seen, findings: [] };
}

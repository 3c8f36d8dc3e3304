import { exchange, type HttpExchange } from './http.js';

/** The manifest kinds a registry may hold for a tag: single-platform and multi-platform, Docker's and OCI's. */
const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** A registry reference: `host[:port][/namespace]` and an image `name:tag`. */
export interface ImageRef {
  registry: string;
  repository: string;
  tag: string;
}

export function imageRef(registry: string, image: string): ImageRef {
  const [host, ...namespace] = registry.split('/');
  const colon = image.lastIndexOf(':');
  const name = colon > image.lastIndexOf('/') ? image.slice(0, colon) : image;
  const tag = colon > image.lastIndexOf('/') ? image.slice(colon + 1) : 'latest';
  return { registry: host!, repository: [...namespace, name].join('/'), tag };
}

export const refString = (r: ImageRef) => `${r.registry}/${r.repository}:${r.tag}`;

/** Loopback registries speak plain HTTP (as Docker allows them to); every other one HTTPS. */
function base(registry: string): string {
  return /^(127\.|localhost(:|$)|\[::1\])/.test(registry) ? `http://${registry}` : `https://${registry}`;
}

/** HEAD-equivalent read of a tag's manifest (Registry HTTP API v2); the digest is Docker-Content-Digest. */
export async function readManifest(ref: ImageRef, timeoutMs: number): Promise<{ res: HttpExchange; digest: string | null; mediaType: string | null }> {
  const res = await exchange(`${base(ref.registry)}/v2/${ref.repository}/manifests/${ref.tag}`, { headers: { accept: MANIFEST_ACCEPT }, timeoutMs });
  return { res, digest: res.headers['docker-content-digest'] ?? null, mediaType: res.headers['content-type'] ?? null };
}

/** The tags the registry holds for the repository (empty when it holds none or refuses). */
export async function listTags(ref: ImageRef, timeoutMs: number): Promise<string[]> {
  const res = await exchange(`${base(ref.registry)}/v2/${ref.repository}/tags/list`, { timeoutMs }).catch(() => null);
  if (res?.status !== 200) return [];
  const parsed = JSON.parse(res.body) as { tags?: string[] | null };
  return parsed.tags ?? [];
}

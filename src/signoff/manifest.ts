import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';

/**
 * The integrity manifest beside the sign-off: SHA-256 of every result file, attachment, record and
 * sign-off file of the report directory, of the configuration the run deployed or read, and the ids
 * of the images it ran. `verify` rechecks a report directory against it.
 */
export const MANIFEST_FILE = 'manifest.json';
/** Derived output, rebuilt from the evidence: not evidence itself. */
const NOT_EVIDENCE = new Set([MANIFEST_FILE, 'allure-report', 'playwright']);

export interface Manifest {
  algorithm: 'sha256';
  createdAt: string;
  /** Paths relative to the report directory. */
  files: Record<string, string>;
  /** Configuration files, as the run named them (relative to where it ran). */
  config: Record<string, string>;
  images: Record<string, string>;
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function walk(dir: string, root: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    const rel = relative(root, path).split(sep).join('/');
    if (NOT_EVIDENCE.has(rel)) return [];
    return e.isDirectory() ? walk(path, root) : e.isFile() ? [rel] : [];
  });
}

/**
 * Hashes of the configuration a run used, taken while it exists (a fault's copy is removed at the
 * end): the monitoring tree as `monitoring/<path>`, single files (attestations, waivers, env file)
 * by their name, as they lie in the target's repository.
 */
export function hashConfig(monitoringDir: string | undefined, files: readonly (string | null | undefined)[]): Record<string, string> {
  const hashes: Record<string, string> = {};
  if (monitoringDir && existsSync(monitoringDir))
    for (const rel of walk(monitoringDir, monitoringDir)) hashes[`monitoring/${rel}`] = sha256(join(monitoringDir, rel));
  for (const f of files) if (f && existsSync(f) && statSync(f).isFile()) hashes[basename(f)] = sha256(f);
  return hashes;
}

export function writeManifest(reportsDir: string, config: Record<string, string>, images: Record<string, string>): Manifest {
  const manifest: Manifest = {
    algorithm: 'sha256',
    createdAt: new Date().toISOString(),
    files: Object.fromEntries(
      walk(reportsDir, reportsDir)
        .sort()
        .map((f) => [f, sha256(join(reportsDir, f))]),
    ),
    config,
    images,
  };
  writeFileSync(join(reportsDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  changed: string[];
  missing: string[];
  /** Files of the report directory the manifest does not list (added after the run). */
  added: string[];
}

/** Rechecks a report directory against its manifest, and the configuration too when `configBase` (the target's repository) is given. */
export function verifyManifest(reportsDir: string, configBase?: string): VerifyResult {
  const path = join(reportsDir, MANIFEST_FILE);
  if (!existsSync(path)) return { ok: false, checked: 0, changed: [], missing: [MANIFEST_FILE], added: [] };
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  const changed: string[] = [];
  const missing: string[] = [];
  const check = (base: string, rel: string, hash: string, label: string) => {
    const file = join(base, rel);
    if (!existsSync(file)) missing.push(label);
    else if (sha256(file) !== hash) changed.push(label);
  };
  for (const [rel, hash] of Object.entries(manifest.files)) check(reportsDir, rel, hash, rel);
  if (configBase) for (const [rel, hash] of Object.entries(manifest.config)) check(configBase, rel, hash, `config ${rel}`);
  const added = walk(reportsDir, reportsDir).filter((f) => !(f in manifest.files));
  const checked = Object.keys(manifest.files).length + (configBase ? Object.keys(manifest.config).length : 0);
  return { ok: !changed.length && !missing.length && !added.length, checked, changed, missing, added };
}

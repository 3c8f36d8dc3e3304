import { chmodSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { bindMounts, discoverComposeFiles, isProduction, readCompose } from '../harness/compose/compose.js';
import { infraEnvShape } from '../deployment/schema-infra.js';

/**
 * The reference deployment's host, as its operator prepares it: the data directories its production
 * compose files bind-mount (e.g. /var/mcp-data), created with mode 755 and owned by the user that
 * runs the checklist (its service user here), under `workDir/host` so that this machine's own /var
 * is never touched; removed with workDir at the end of the run. Returned as the target variables
 * that name them.
 */
export function prepareReferenceHost(repoDir: string, workDir: string): Record<string, string> {
  const pattern = infraEnvShape.COMPOSE_PRODUCTION_PATTERN.parse(undefined);
  const sources = discoverComposeFiles(repoDir)
    .filter((f) => isProduction(f, pattern))
    .flatMap((f) => bindMounts(readCompose(f)))
    .map((m) => m.source)
    .filter((s) => isAbsolute(s));
  const dirs = [...new Set(sources)].map((source) => {
    const dir = join(workDir, 'host', source);
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755);
    return dir;
  });
  return dirs.length ? { DATA_DIRS: dirs.join(','), DATA_DIR_OWNER: userInfo().username } : {};
}

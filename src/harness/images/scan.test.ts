import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanImage } from './scan.js';
import { CheckFailed, ItemBroken } from '../../registry/errors.js';

/**
 * PRE-5.2's decision on what the scanner says. No vulnerability scanner exists on these machines, so
 * the exit-code contract is exercised with `sh` standing in for the scanner's process: exit 0 clean,
 * the findings exit code with a Trivy JSON report, any other exit (no database) and a missing binary.
 */
const report = JSON.stringify({
  Results: [
    {
      Target: 'app (debian 12)',
      Vulnerabilities: [
        { VulnerabilityID: 'CVE-2026-0001', PkgName: 'openssl', InstalledVersion: '3.0.1', Severity: 'CRITICAL' },
        { VulnerabilityID: 'CVE-2026-0002', PkgName: 'zlib', Severity: 'HIGH' },
      ],
    },
  ],
});
const dir = mkdtempSync(join(tmpdir(), 'checklist-scanner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let scripts = 0;
/** A scanner stand-in: a shell script, configured as IMAGE_SCANNER_COMMAND would name it. */
const sh = (script: string) => {
  const file = join(dir, `scanner-${scripts++}`);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return `${file} image {image}`;
};

describe('PRE-5.2 image scan decision', () => {
  it('a scanner that is not installed is broken with that reason, never passed', async () => {
    await expect(scanImage('trivy-not-installed-here image {image}', 'app:1', 5, 5_000)).rejects.toThrow(ItemBroken);
    await expect(scanImage('trivy-not-installed-here image {image}', 'app:1', 5, 5_000)).rejects.toThrow(
      /the image scanner trivy-not-installed-here is not installed on this machine.*app:1 was not scanned/,
    );
  });

  it('exit 0 is clean, and the image is passed as {image}', async () => {
    const { run, findings } = await scanImage(sh('echo scanned $2'), 'app:1', 5, 5_000);
    expect(findings).toEqual([]);
    expect(run.stdout.trim()).toBe('scanned app:1');
  });

  it('the findings exit code fails, naming the critical vulnerabilities from the JSON report', async () => {
    const { findings } = await scanImage(sh(`cat <<'EOF'\n${report}\nEOF\nexit 5`), 'app:1', 5, 5_000);
    expect(() => {
      throw new CheckFailed(findings);
    }).toThrow(/no critical vulnerabilities in app:1, but found 1 critical: CVE-2026-0001 in openssl 3\.0\.1 \(app \(debian 12\)\)/);
  });

  it("any other exit (e.g. no vulnerability database offline) is broken with the scanner's own words", async () => {
    await expect(scanImage(sh('echo "FATAL failed to download vulnerability DB" >&2; exit 1'), 'app:1', 5, 5_000)).rejects.toThrow(
      /could not scan app:1 \(exit 1\): FATAL failed to download vulnerability DB/,
    );
  });
});

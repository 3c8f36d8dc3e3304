import { ItemBroken, type Finding } from '../../registry/errors.js';
import { runCommand, splitCommandLine, tail, type CommandRun } from '../../tools/exec-file.js';

interface TrivyReport {
  Results?: { Target?: string; Vulnerabilities?: { VulnerabilityID?: string; PkgName?: string; InstalledVersion?: string; Severity?: string }[] | null }[];
}

/** Critical findings of a Trivy-format JSON report (`--format json`), when the output is one. */
function criticals(stdout: string): string[] | null {
  try {
    const report = JSON.parse(stdout) as TrivyReport;
    return (report.Results ?? []).flatMap((r) =>
      (r.Vulnerabilities ?? [])
        .filter((v) => v.Severity === 'CRITICAL')
        .map((v) => `${v.VulnerabilityID} in ${v.PkgName} ${v.InstalledVersion ?? ''} (${r.Target ?? ''})`.trim()),
    );
  } catch {
    return null;
  }
}

/**
 * Runs the configured scanner on the image. Exit 0: no critical findings; the "findings" exit code:
 * failed, naming them; a scanner that is not installed or cannot run (no vulnerability database):
 * broken with its own reason, never passed.
 */
export async function scanImage(
  commandLine: string,
  image: string,
  findingsExit: number,
  timeoutMs: number,
): Promise<{ run: CommandRun; findings: Finding[] }> {
  const [file, ...args] = splitCommandLine(commandLine, { image });
  const run = await runCommand(file, args, { timeoutMs });
  if (run.missing)
    throw new ItemBroken(`the image scanner ${file} is not installed on this machine (IMAGE_SCANNER_COMMAND=${commandLine}): ${image} was not scanned`);
  if (run.timedOut) throw new ItemBroken(`the image scanner did not finish within ${timeoutMs} ms: ${run.command}`);
  if (run.exitCode === 0) return { run, findings: [] };
  if (run.exitCode !== findingsExit)
    throw new ItemBroken(`the image scanner could not scan ${image} (exit ${run.exitCode}): ${tail(run.stderr || run.stdout)}`);
  const found = criticals(run.stdout);
  return {
    run,
    findings: [
      {
        expected: `no critical vulnerabilities in ${image}`,
        found: found?.length ? `${found.length} critical: ${found.slice(0, 10).join('; ')}` : `exit ${run.exitCode} (critical findings): ${tail(run.stdout)}`,
        where: run.command,
        hint: 'update the base image and the packages named; rebuild and scan again',
      },
    ],
  };
}

import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { rebuildSignoff, NoRunError } from '../signoff/rebuild.js';
import { verifyManifest } from '../signoff/manifest.js';

/** `signoff` and `verify`: work on an existing report directory; nothing is started. */
export const SUBCOMMANDS_USAGE = `Subcommands (on an existing report directory; nothing is started):
  signoff [--reports-dir DIR]               rebuild signoff.{json,md,html} from DIR's results and run record
  verify  [--reports-dir DIR] [--repo DIR]  recheck DIR against its manifest.json (SHA-256 of every result,
                                            attachment and record); --repo also rechecks the configuration
Exit codes: signoff 0 READY / 1 NOT READY / 2 no run there; verify 0 intact / 1 changed / 2 no manifest.
`;

export function isSubcommand(argv: readonly string[]): boolean {
  return argv[0] === 'signoff' || argv[0] === 'verify';
}

export function runSubcommand(argv: readonly string[], out: (line: string) => void): number {
  const { values } = parseArgs({
    args: argv.slice(1),
    strict: true,
    options: { 'reports-dir': { type: 'string', default: 'reports' }, repo: { type: 'string' } },
  });
  const reportsDir = resolve(values['reports-dir']);
  if (argv[0] === 'signoff') {
    try {
      const s = rebuildSignoff(reportsDir);
      out(`sign-off rebuilt: ${reportsDir}/signoff.{json,md,html}\nVERDICT: ${s.verdict}`);
      for (const r of s.reasons.slice(0, 15)) out(`  ${r.split('\n')[0]}`);
      return s.verdict === 'READY' ? 0 : 1;
    } catch (error) {
      if (error instanceof NoRunError) {
        out(error.message);
        return 2;
      }
      throw error;
    }
  }
  const result = verifyManifest(reportsDir, values.repo && resolve(values.repo));
  if (result.missing.includes('manifest.json')) {
    out(`${reportsDir}/manifest.json is missing: nothing to verify against`);
    return 2;
  }
  for (const f of result.changed) out(`CHANGED  ${f}`);
  for (const f of result.missing) out(`MISSING  ${f}`);
  for (const f of result.added) out(`ADDED    ${f} (not in the manifest)`);
  out(
    result.ok
      ? `intact: ${result.checked} files match manifest.json`
      : `NOT intact: ${result.changed.length} changed, ${result.missing.length} missing, ${result.added.length} added of ${result.checked} files`,
  );
  return result.ok ? 0 : 1;
}

import { runTool, type ToolName, type ToolRun } from '../../tools/tools.js';
import type { Finding } from '../../registry/errors.js';
import type { Evidence } from '../evidence.js';

/** The lines of a tool's output that say what failed: without successes, and without the headers of files that passed. */
function relevantLines(text: string): string[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/\bSUCCESS\b/.test(l) && !/^(Warning: --config\.file|Found:)/.test(l));
  return lines
    .filter(
      (l, i) => !/^(Unit Testing|Checking)\b/.test(l) || /FAILED/.test(l) || (lines[i + 1] !== undefined && !/^(Unit Testing|Checking)\b/.test(lines[i + 1]!)),
    )
    .map((l) => (l.length > 400 ? `${l.slice(0, 400)}...` : l));
}

/** Runs promtool/amtool in the deployed image, attaches the transcript, and returns it with a finding when it did not exit 0. */
export async function toolCheck(
  tool: ToolName,
  args: string[],
  options: { dir: string; image: string; evidence: Evidence; title: string; expected: string; where: string; hint: string },
): Promise<{ run: ToolRun; finding?: Finding }> {
  const run = await runTool(tool, args, { dir: options.dir, image: options.image, timeoutMs: 60_000 });
  await options.evidence.text(options.title, `$ ${run.command}   (${run.where})\nexit ${run.exitCode}\n\n${run.stdout}\n${run.stderr}`);
  if (run.exitCode === 0) return { run };
  const output = [...relevantLines(run.stdout), ...relevantLines(run.stderr)];
  return {
    run,
    finding: {
      expected: options.expected,
      found: `exit ${run.exitCode}: ${(output.length ? output : [run.stderr.trim() || run.stdout.trim()]).slice(0, 12).join(' | ')}`,
      where: `${options.where}, checked by ${run.where}`,
      hint: options.hint,
    },
  };
}

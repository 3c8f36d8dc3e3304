// npm test: the workspaces' own tests, then this project's (Vitest projects alone, unit, integration,
// faults), all in a temporary directory of their own (TMPDIR) that is removed after them: the reports,
// copies and target files the tests write are gone when npm test ends, whatever its outcome.
// Arguments go to Vitest (`npm test -- integration/run`).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'checklist-npm-test-'));
const env = { ...process.env, TMPDIR: dir };
const projects = ['alone', 'unit', 'integration', 'faults'].flatMap((p) => ['--project', p]);
const steps = [
  ['npm', ['run', '-s', 'test', '--workspaces', '--if-present']],
  [process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...projects, ...process.argv.slice(2)]],
];

let child;
// Ctrl-C reaches the runner itself (the terminal signals the whole process group): stay to clean up
// after it. A SIGTERM sent to this process alone is passed on.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child?.kill('SIGTERM'));

function run([command, args]) {
  return new Promise((resolve) => {
    child = spawn(command, args, { stdio: 'inherit', env });
    child.on('error', (error) => {
      console.error(`npm test: ${command}: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

let status = 0;
for (const step of steps) {
  status = await run(step);
  if (status !== 0) break;
}
rmSync(dir, { recursive: true, force: true });
process.exit(status);

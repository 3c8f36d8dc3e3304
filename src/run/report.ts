import { resolve } from 'node:path';
import { runChild } from './children.js';

/** Renders the Allure 3 report (one HTML file that opens from disk) from the run's results. */
export async function renderAllureReport(reportsDir: string, signal: AbortSignal): Promise<string> {
  const output = resolve(reportsDir, 'allure-report');
  const result = await runChild(
    resolve('node_modules/.bin/allure'),
    ['generate', resolve(reportsDir, 'allure-results'), '--config', resolve('allurerc.mjs'), '--output', output],
    process.env,
    signal,
  );
  if (result.exitCode !== 0) throw new Error(`allure generate ended with ${result.exitCode ?? result.signal}: ${result.stderrTail}`);
  return output;
}

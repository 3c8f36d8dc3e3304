import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';

const WORKFLOWS = '.github/workflows';

/** The GitHub Actions workflows of the repository, validated against the workflow JSON Schema (SchemaStore's, via action-validator). */
describe('the CI merge gate', () => {
  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

  it('has a workflow', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s validates against the workflow schema', (file) => {
    const state = validateWorkflow(readFileSync(join(WORKFLOWS, file), 'utf8')) as { errors: unknown[] };
    expect(state.errors).toEqual([]);
  });

  it('rejects a workflow that breaks the schema (the check can fail)', () => {
    const state = validateWorkflow('on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps: 3\n') as { errors: unknown[] };
    expect(state.errors.length).toBeGreaterThan(0);
  });

  it('runs the checklist with the official images and fails the job on NOT READY', () => {
    const text = readFileSync(join(WORKFLOWS, 'checklist.yml'), 'utf8');
    expect(text).toContain('--images official');
    expect(text).not.toMatch(/continue-on-error:\s*true/);
  });
});

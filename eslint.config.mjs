// Lint of the suite's own code (src/, tests/, test/); each fixture has its own gate.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['**/dist/', 'node_modules/', 'fixtures/', 'reports/', 'coverage/', '**/*.mjs'] },
  eslint.configs.recommended,
  tseslint.configs.recommended,
);

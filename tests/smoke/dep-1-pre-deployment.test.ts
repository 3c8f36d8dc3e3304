// Seed section: Deployment, Phase 1: Pre-Deployment (T-24h).
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { notImplemented } from '../../src/checklist/vitest.js';

notImplemented('DEP-1.1');
notImplemented('DEP-1.2');
notImplemented('DEP-1.3');
notImplemented('DEP-1.4');

// Seed section: Rollback procedures (When to Rollback, Rollback Steps).
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { notImplemented } from '../../src/checklist/vitest.js';

notImplemented('RB-0');
notImplemented('RB-1');
notImplemented('RB-2');
notImplemented('RB-3');
notImplemented('RB-4');
notImplemented('RB-5');

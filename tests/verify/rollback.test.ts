// Seed section: Rollback procedures (When to Rollback, Rollback Steps).
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { attested, notImplemented } from '../../src/harness/vitest.js';

notImplemented('RB-0');
notImplemented('RB-1');
notImplemented('RB-2');
notImplemented('RB-3');
notImplemented('RB-4');
attested('RB-5'); // decided by people: passes on valid attestations of its responsible roles

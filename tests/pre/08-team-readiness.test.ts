// Seed section: 8. Team Readiness (IMPORTANT).
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { notImplemented } from '../../src/checklist/vitest.js';

notImplemented('PRE-8.1');
notImplemented('PRE-8.2');
notImplemented('PRE-8.3');
notImplemented('PRE-8.4');

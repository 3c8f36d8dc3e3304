// Seed section: 9. External Dependencies (IMPORTANT).
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { notImplemented } from '../../src/harness/vitest.js';

notImplemented('PRE-9.1');
notImplemented('PRE-9.2');
notImplemented('PRE-9.3');

// Seed section: 10. Performance & Capacity (IMPORTANT).
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { notImplemented } from '../../src/harness/vitest.js';

notImplemented('PRE-10.1');
notImplemented('PRE-10.2');
notImplemented('PRE-10.3');

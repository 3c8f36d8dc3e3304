// Seed section: 2. Documentation (CRITICAL).
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { notImplemented } from '../../src/harness/vitest.js';

notImplemented('PRE-2.1');
notImplemented('PRE-2.2');
notImplemented('PRE-2.3');

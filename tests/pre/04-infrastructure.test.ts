// Seed section: 4. Infrastructure (CRITICAL).
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { notImplemented } from '../../src/harness/vitest.js';

notImplemented('PRE-4.1');
notImplemented('PRE-4.2');
notImplemented('PRE-4.3');
notImplemented('PRE-4.4');
notImplemented('PRE-4.5');

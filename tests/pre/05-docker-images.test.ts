// Seed section: 5. Docker & Images (CRITICAL).
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { notImplemented } from '../../src/harness/vitest.js';

notImplemented('PRE-5.1');
notImplemented('PRE-5.2');
notImplemented('PRE-5.3');
notImplemented('PRE-5.4');

// Seed section: 3. Configuration (CRITICAL).
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { notImplemented } from '../../src/harness/vitest.js';

notImplemented('PRE-3.1');
notImplemented('PRE-3.2');
notImplemented('PRE-3.3');
notImplemented('PRE-3.4');

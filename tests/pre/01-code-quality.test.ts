// Seed section: 1. Code Quality (CRITICAL).
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { notImplemented } from '../../src/harness/vitest.js';

notImplemented('PRE-1.1');
notImplemented('PRE-1.2');
notImplemented('PRE-1.3');
notImplemented('PRE-1.4');
notImplemented('PRE-1.5');
notImplemented('PRE-1.6');

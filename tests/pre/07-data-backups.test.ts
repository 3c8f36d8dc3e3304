// Seed section: 7. Data & Backups (IMPORTANT).
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { notImplemented } from '../../src/harness/vitest.js';

notImplemented('PRE-7.1');
notImplemented('PRE-7.2');
notImplemented('PRE-7.3');

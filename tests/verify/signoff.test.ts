// Seed section: Sign-off requirements, deployment metrics, success criteria, follow-up.
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { notImplemented } from '../../src/checklist/vitest.js';

notImplemented('SO-1');
notImplemented('SO-2');
notImplemented('SO-3');
notImplemented('SO-4');
notImplemented('SO-5');

// Seed section: Sign-off requirements, deployment metrics, success criteria, follow-up.
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { attested, notImplemented } from '../../src/harness/vitest.js';

attested('SO-1'); // decided by people: passes on valid attestations of its responsible roles
notImplemented('SO-2');
notImplemented('SO-3');
notImplemented('SO-4');
notImplemented('SO-5');

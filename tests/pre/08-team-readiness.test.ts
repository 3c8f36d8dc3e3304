// Seed section: 8. Team Readiness (IMPORTANT).
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { attested, notImplemented } from '../../src/harness/vitest.js';

attested('PRE-8.1'); // decided by people: passes on valid attestations of its responsible roles
attested('PRE-8.2'); // decided by people: passes on valid attestations of its responsible roles
notImplemented('PRE-8.3');
attested('PRE-8.4'); // decided by people: passes on valid attestations of its responsible roles

// Seed section: Deployment, Phase 1: Pre-Deployment (T-24h).
// Registered and reported; each item gets its real test (and its seeded fault) in a later issue.
import { attested, notImplemented } from '../../src/harness/vitest.js';

notImplemented('DEP-1.1');
notImplemented('DEP-1.2');
attested('DEP-1.3'); // decided by people: passes on valid attestations of its responsible roles
notImplemented('DEP-1.4');

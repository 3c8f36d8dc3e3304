// Allure 3 report settings: one HTML file that opens from disk (the awesome plugin's singleFile),
// grouped by checklist phase and section.
import { defineConfig } from 'allure';

// Categories follow the sign-off's statuses (src/signoff/allure.ts labels each result): the first rule
// that matches wins, so a waived item shows under "waived" with its real status kept.
export default defineConfig({
  name: 'Phase 3 deployment checklist',
  output: 'reports/allure-report',
  categories: [
    { id: 'waived', name: 'Waived (valid waiver; real status kept)', matchers: { labels: { checklist_waived: 'yes' } }, expand: true },
    {
      id: 'failed-blockers',
      name: 'Failed blockers: the target is wrong (NOT READY)',
      matchers: { statuses: ['failed'], labels: { checklist_blocking: 'yes' } },
      expand: true,
    },
    { id: 'broken', name: 'Broken: could not be decided', matchers: { statuses: ['broken'] }, groupBy: [{ label: 'checklist_blocking' }] },
    { id: 'failed-warnings', name: 'Failed non-blockers (warnings)', matchers: { statuses: ['failed'] } },
    { id: 'not-applicable', name: 'Skipped: not applicable or not selected', matchers: { statuses: ['skipped'] } },
  ],
  plugins: {
    awesome: {
      options: {
        singleFile: true,
        reportName: 'Phase 3 deployment checklist',
        groupBy: ['epic', 'feature'],
        // Epics and features are numbered in the checklist's order (src/signoff/allure.ts), test names start with the item id.
        defaultSortBy: 'name,asc',
      },
    },
  },
});

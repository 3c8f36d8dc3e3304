// Allure 3 report settings: one HTML file that opens from disk (the awesome plugin's singleFile),
// grouped by checklist phase and section.
import { defineConfig } from 'allure';

export default defineConfig({
  name: 'Phase 3 deployment checklist',
  output: 'reports/allure-report',
  plugins: {
    awesome: {
      options: {
        singleFile: true,
        reportName: 'Phase 3 deployment checklist',
        groupBy: ['epic', 'feature'],
      },
    },
  },
});

import { resolveSelectors, versionedComponents, versionedPages } from '@grafana/e2e-selectors';

/**
 * Grafana's UI selectors for a Grafana version, from Grafana's own @grafana/e2e-selectors (each
 * selector is versioned there; resolveSelectors picks the one of the given version). A value starting
 * with "data-testid" is the whole data-testid; others are aria-labels.
 */
export function selectorsFor(version: string) {
  const c = resolveSelectors(versionedComponents, version);
  const p = resolveSelectors(versionedPages, version);
  return {
    login: { username: p.Login.username, password: p.Login.password, submit: p.Login.submit, skipPasswordChange: p.Login.skip },
    dashboard: {
      controls: p.Dashboard.Controls,
      panel: (title: string): string => c.Panels.Panel.title(title),
      noData: c.Panels.Panel.PanelDataErrorMessage,
      panelError: c.Panels.Panel.status('error'),
      loadingBar: (c.Panels.Panel.loadingBar as unknown as () => string)(),
    },
    timePicker: { open: c.TimePicker.openButton, from: c.TimePicker.fromField, to: c.TimePicker.toField, apply: c.TimePicker.applyTimeRange },
    refresh: { run: c.RefreshPicker.runButtonV2 },
  };
}

export type Selectors = ReturnType<typeof selectorsFor>;

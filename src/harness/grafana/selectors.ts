/**
 * Grafana's UI selectors, keyed by the lowest Grafana version they apply to (as @grafana/e2e-selectors
 * does). A string starting with "data-testid" is the whole data-testid value; others are aria-labels.
 * All of these are identical in 11.0, 11.6, 12.0 and 12.4 (docs/dev/contracts-external.md §2).
 */
export const SELECTORS = {
  '11.0.0': {
    login: {
      username: 'data-testid Username input field',
      password: 'data-testid Password input field',
      submit: 'data-testid Login button',
      skipPasswordChange: 'data-testid Skip change password button',
    },
    dashboard: {
      controls: 'data-testid dashboard controls',
      panel: (title: string) => `data-testid Panel header ${title}`,
      noData: 'data-testid Panel data error message',
      panelError: 'data-testid Panel status error',
      loadingBar: 'Panel loading bar',
    },
    timePicker: {
      open: 'data-testid TimePicker Open Button',
      overlay: 'data-testid TimePicker Overlay Content',
    },
    refresh: { run: 'data-testid RefreshPicker run button' },
  },
} as const;

export type Selectors = (typeof SELECTORS)['11.0.0'];

/** The selectors of the newest entry not above `version`. */
export function selectorsFor(version: string): Selectors {
  const toNumber = (v: string) => v.split(/[.-]/).slice(0, 3).map((p) => Number.parseInt(p, 10) || 0);
  const target = toNumber(version);
  const notAbove = (v: string) => {
    const n = toNumber(v);
    for (let i = 0; i < 3; i++) if (n[i] !== target[i]) return n[i]! < target[i]!;
    return true;
  };
  const keys = (Object.keys(SELECTORS) as (keyof typeof SELECTORS)[]).filter(notAbove).sort();
  return SELECTORS[keys[keys.length - 1] ?? '11.0.0'];
}

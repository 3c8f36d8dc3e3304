import { AlertmanagerContainer } from './alertmanager-container.js';
import { StartedAlertReceiverContainer } from './alert-receiver-container.js';
import { GrafanaContainer } from './grafana-container.js';
import type { StackImages } from './images.js';
import { PrometheusContainer } from './prometheus-container.js';

/** The configuration files the monitoring services are deployed with (reference-stack.ts MONITORING_LAYOUT). */
export interface MonitoringConfig {
  prometheusConfig: string;
  rulesDir: string;
  alertmanagerConfig: string;
  grafanaDatasourcesDir: string;
  grafanaDashboardProvidersDir: string;
  grafanaDashboardsDir: string;
}

/**
 * The monitoring services as the reference deployment runs them, configured but not started: the
 * stack starts them, and the rollback drill starts fresh ones of the same shape. One place for their flags.
 */
export const monitoringServices = {
  prometheus: (image: StackImages['prometheus'], files: MonitoringConfig) =>
    new PrometheusContainer(image)
      .withConfigFile(files.prometheusConfig)
      .withRulesDir(files.rulesDir)
      .withLifecycleApi()
      .withAdminApi()
      .withAlertResendDelay('1s'),
  alertmanager: (image: StackImages['alertmanager'], files: MonitoringConfig, receiverAlias: string) =>
    new AlertmanagerContainer(image)
      .withConfigFile(files.alertmanagerConfig)
      .withSlackWebhookUrl(StartedAlertReceiverContainer.internalUrl('/slack', receiverAlias)),
  /** `provisioned: false`: a bare Grafana with its admin only, for a restore from an export. */
  grafana: (image: StackImages['grafana'], files: MonitoringConfig, admin: { user: string; password: string }, provisioned = true) => {
    const grafana = new GrafanaContainer(image).withAdminUser(admin.user).withAdminPassword(admin.password);
    return provisioned
      ? grafana
          .withDatasourcesDir(files.grafanaDatasourcesDir)
          .withDashboardProvidersDir(files.grafanaDashboardProvidersDir)
          .withDashboardsDir(files.grafanaDashboardsDir)
      : grafana;
  },
};

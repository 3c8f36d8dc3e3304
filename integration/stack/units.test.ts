import { describe, expect, it } from 'vitest';
import { demuxDockerOutput } from '../../src/stack/docker-logs.js';
import { formatServiceFailure } from '../../src/stack/errors.js';
import { parseDuration, warmUpExpectation } from '../../src/stack/warm-up-expectation.js';
import { DEFAULT_IMAGES, stackImagesFromEnv } from '../../src/stack/images.js';
import { assertValidRunId, runLabels } from '../../src/stack/labels.js';

describe('stackImagesFromEnv', () => {
  it('defaults to the pinned official images', () => {
    expect(stackImagesFromEnv({})).toEqual({
      prometheus: 'prom/prometheus:v3.5.0',
      alertmanager: 'prom/alertmanager:v0.28.1',
      grafana: 'grafana/grafana:12.2.0',
      app: 'mcp-memory-server:1.0.0',
      receiver: 'checklist-local/alert-receiver:1',
    });
  });

  it('takes each image from its variable; empty means default', () => {
    const images = stackImagesFromEnv({
      PROMETHEUS_IMAGE: 'checklist-local/prometheus:debian',
      GRAFANA_IMAGE: '  ',
      APP_IMAGE: 'app:2',
    });
    expect(images.prometheus).toBe('checklist-local/prometheus:debian');
    expect(images.grafana).toBe(DEFAULT_IMAGES.grafana);
    expect(images.app).toBe('app:2');
  });
});

describe('warmUpExpectation', () => {
  it('lists the jobs with static targets, the Alertmanagers and the intervals', () => {
    const yml = `global: { scrape_interval: 5s, evaluation_interval: 10s }
alerting: { alertmanagers: [{ static_configs: [{ targets: [a:9093, b:9093] }] }] }
scrape_configs:
  - { job_name: app, scrape_interval: 1m30s, static_configs: [{ targets: [app:8080] }] }
  - { job_name: discovered, dns_sd_configs: [{ names: [x] }] }
`;
    expect(warmUpExpectation(yml)).toEqual({
      jobs: ['app'],
      alertmanagers: 2,
      maxScrapeIntervalMs: 90_000,
      evaluationIntervalMs: 10_000,
    });
  });

  it("uses Prometheus's defaults (1m) when the intervals are not set", () => {
    expect(warmUpExpectation('scrape_configs: []')).toEqual({
      jobs: [],
      alertmanagers: 0,
      maxScrapeIntervalMs: 60_000,
      evaluationIntervalMs: 60_000,
    });
  });

  it('parses Prometheus durations and rejects anything else', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1h2m3s')).toBe(3_723_000);
    expect(() => parseDuration('5 s')).toThrow('not a Prometheus duration: "5 s"');
  });
});

describe('labels', () => {
  it('carry the run id, the pid and the host', () => {
    expect(runLabels('run-1')).toMatchObject({
      'io.checklist.run-id': 'run-1',
      'io.checklist.pid': String(process.pid),
    });
  });

  it('refuse a run id that cannot name a network', () => {
    expect(() => assertValidRunId('a b')).toThrow(`invalid run id "a b"`);
  });
});

describe('demuxDockerOutput', () => {
  it("splits Docker's multiplexed frames into stdout and stderr", () => {
    const frame = (stream: number, text: string): Buffer => {
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(Buffer.byteLength(text), 4);
      return Buffer.concat([header, Buffer.from(text)]);
    };
    expect(demuxDockerOutput(Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err\n'), frame(1, 'out 2\n')]))).toEqual({
      stdout: 'out 1\nout 2\n',
      stderr: 'err\n',
    });
  });
});

describe('formatServiceFailure', () => {
  it('names the service, the condition, the elapsed time and the last log lines', () => {
    expect(
      formatServiceFailure({
        service: 'prometheus',
        image: 'prom/prometheus:v3.5.0',
        containerId: '0123456789abcdef',
        condition: 'GET /-/ready on port 9090 answers 200 within 60000 ms',
        elapsedMs: 812,
        found: 'the container exited with code 1',
        logs: 'line 1\nline 2',
      }),
    ).toBe(
      'prometheus (image prom/prometheus:v3.5.0, container 0123456789ab): expected GET /-/ready on port 9090 answers 200 within 60000 ms, but after 812 ms the container exited with code 1.\n' +
        'Last log lines of prometheus:\n  | line 1\n  | line 2',
    );
  });
});

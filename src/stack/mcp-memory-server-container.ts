import { AbstractStartedContainer, GenericContainer, type StartedTestContainer } from 'testcontainers';
import { DEFAULT_IMAGES } from './images.js';
import { HttpReadyWaitStrategy } from './readiness.js';

export const MCP_MEMORY_SERVER_PORT = 8080;

/**
 * The application under test, the MCP Memory Server (fixtures/app): GET /health, GET /metrics, /mcp.
 * Setters are named after its environment variables (fixtures/app/src/config.ts).
 *
 * @example
 * const app = await new McpMemoryServerContainer('mcp-memory-server:1.0.0').withOmittedMetrics(['mcp_vector_memory_count']).start();
 */
export class McpMemoryServerContainer extends GenericContainer {
  constructor(image: string = DEFAULT_IMAGES.app) {
    super(image);
    this.withExposedPorts(MCP_MEMORY_SERVER_PORT)
      .withWaitStrategy(new HttpReadyWaitStrategy('mcp-memory-server', '/health', MCP_MEMORY_SERVER_PORT))
      .withStartupTimeout(30_000);
  }

  /** `DATA_DIR`: where the server keeps its memories (the app's default is /var/mcp-data). */
  withDataDir(path: string): this {
    return this.withEnvironment({ DATA_DIR: path });
  }

  /** `LOG_LEVEL`: trace, debug, info (default), warn, error, fatal or silent. */
  withLogLevel(level: string): this {
    return this.withEnvironment({ LOG_LEVEL: level });
  }

  /** Fault knob `MCP_FAULT_OMIT_METRICS`: these metrics are never registered (for the fault catalogue only). */
  withOmittedMetrics(names: readonly string[]): this {
    return this.withEnvironment({ MCP_FAULT_OMIT_METRICS: names.join(',') });
  }

  /** Fault knob `MCP_FAULT_FREEZE_SESSIONS=1`: sessions start but `mcp_journal_sessions_total` stays put. */
  withFrozenSessions(): this {
    return this.withEnvironment({ MCP_FAULT_FREEZE_SESSIONS: '1' });
  }

  override async start(): Promise<StartedMcpMemoryServerContainer> {
    return new StartedMcpMemoryServerContainer(await super.start());
  }
}

export class StartedMcpMemoryServerContainer extends AbstractStartedContainer {
  constructor(started: StartedTestContainer) {
    super(started);
  }

  /** The host-mapped base URL, e.g. `http://127.0.0.1:32775`. */
  getUrl(): string {
    return `http://${this.getHost()}:${this.getMappedPort(MCP_MEMORY_SERVER_PORT)}`;
  }

  /** The streamable-HTTP MCP endpoint. */
  getMcpUrl(): string {
    return `${this.getUrl()}/mcp`;
  }
}

import { AbstractStartedContainer, GenericContainer, type StartedTestContainer } from 'testcontainers';
import { DEFAULT_IMAGES } from './images.js';
import { HttpReadyWaitStrategy } from './readiness.js';

export const MCP_MEMORY_SERVER_PORT = 8080;

/**
 * The application under test, the MCP Memory Server (fixtures/app): GET /health, GET /metrics, /mcp.
 * Its settings and fault knobs are environment variables (fixtures/app/src/config.ts), set with withEnvironment().
 */
export class McpMemoryServerContainer extends GenericContainer {
  constructor(image: string = DEFAULT_IMAGES.app) {
    super(image);
    this.withExposedPorts(MCP_MEMORY_SERVER_PORT)
      .withWaitStrategy(new HttpReadyWaitStrategy('mcp-memory-server', '/health', MCP_MEMORY_SERVER_PORT))
      .withStartupTimeout(30_000);
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
}

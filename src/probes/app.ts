import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ItemBroken } from '../registry/errors.js';
import { exchange, type HttpExchange } from './http.js';
import { parseExposition, type Exposition } from './exposition.js';

/** The application under deployment: /health, /metrics and its MCP endpoint. */
export class AppClient {
  constructor(
    readonly url: string,
    readonly mcpUrl: string,
    private readonly timeoutMs: number,
  ) {}

  health(): Promise<HttpExchange> {
    return exchange(`${this.url}/health`, { timeoutMs: this.timeoutMs });
  }

  /** GET /metrics, parsed. The raw exchange is returned too, as evidence. */
  async metrics(): Promise<{ res: HttpExchange; exposition: Exposition }> {
    const res = await exchange(`${this.url}/metrics`, { timeoutMs: this.timeoutMs });
    if (res.status !== 200) return { res, exposition: { samples: [], types: new Map(), help: new Map() } };
    return { res, exposition: parseExposition(res.body) };
  }

  /** An MCP round trip any server answers: initialize, then tools/list; returns the tool names. */
  async listTools(): Promise<string[]> {
    const client = new Client({ name: 'deployment-checklist', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(this.mcpUrl));
    try {
      await client.connect(transport, { timeout: this.timeoutMs });
      const { tools } = await client.listTools(undefined, { timeout: this.timeoutMs });
      return tools.map((t) => t.name).sort();
    } catch (error) {
      throw new ItemBroken(`MCP tools/list at ${this.mcpUrl} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  /** Calls one MCP tool over streamable HTTP with the official SDK client; returns its text content. */
  async callTool(name: string, args: Record<string, unknown>): Promise<string> {
    const client = new Client({ name: 'deployment-checklist', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(this.mcpUrl));
    try {
      await client.connect(transport, { timeout: this.timeoutMs });
      const result = await client.callTool({ name, arguments: args }, undefined, { timeout: this.timeoutMs });
      const content = Array.isArray(result.content) ? result.content : [];
      const text = content.map((c: { type: string; text?: string }) => (c.type === 'text' ? (c.text ?? '') : '')).join('\n');
      if (result.isError) throw new ItemBroken(`MCP tool ${name} at ${this.mcpUrl} returned an error: ${text}`);
      return text;
    } catch (error) {
      if (error instanceof ItemBroken) throw error;
      throw new ItemBroken(`MCP call ${name} at ${this.mcpUrl} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await client.close().catch(() => undefined);
    }
  }
}

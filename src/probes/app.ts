import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ItemBroken } from '../registry/errors.js';
import { exchange, type HttpExchange } from './http.js';
import { parseExposition, type Exposition } from './exposition.js';

/** A tool as MCP tools/list describes it. */
export interface McpTool {
  name: string;
  description?: string;
  inputSchema: { type: 'object'; properties?: Record<string, { type?: string; description?: string }>; required?: string[] };
}

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

  /** One connected MCP client for `work`, closed after it; a failure to talk MCP breaks the item. */
  private async withClient<T>(what: string, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ name: 'deployment-checklist', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(this.mcpUrl));
    try {
      await client.connect(transport, { timeout: this.timeoutMs });
      return await work(client);
    } catch (error) {
      if (error instanceof ItemBroken) throw error;
      throw new ItemBroken(`MCP ${what} at ${this.mcpUrl} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  /** The tools the server offers (MCP tools/list), with their input schemas. */
  async listTools(): Promise<McpTool[]> {
    return this.withClient('tools/list', async (client) => (await client.listTools(undefined, { timeout: this.timeoutMs })).tools as McpTool[]);
  }

  /** Calls one MCP tool; returns its text content and its structured content, if any. */
  async callToolResult(name: string, args: Record<string, unknown>): Promise<{ text: string; structured?: Record<string, unknown> }> {
    return this.withClient(`call ${name}`, async (client) => {
      const result = await client.callTool({ name, arguments: args }, undefined, { timeout: this.timeoutMs });
      const content = Array.isArray(result.content) ? result.content : [];
      const text = content.map((c: { type: string; text?: string }) => (c.type === 'text' ? (c.text ?? '') : '')).join('\n');
      if (result.isError) throw new ItemBroken(`MCP tool ${name} at ${this.mcpUrl} returned an error: ${text}`);
      return { text, structured: result.structuredContent as Record<string, unknown> | undefined };
    });
  }

  /** Calls one MCP tool over streamable HTTP with the official SDK client; returns its text content. */
  async callTool(name: string, args: Record<string, unknown>): Promise<string> {
    return (await this.callToolResult(name, args)).text;
  }
}

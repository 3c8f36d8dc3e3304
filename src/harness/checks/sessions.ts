import type { Finding } from '../../registry/errors.js';
import type { McpTool } from '../../probes/app.js';

/** Which MCP tools start and end a work session: the configured names, else discovered from tools/list. */

const STARTS = /\b(start|open|begin|create|new)\b.*\bsession|\bsession\b.*\b(start|open|begin|create)/i;
const ENDS = /\b(end|close|stop|finish|complete)\b.*\bsession|\bsession\b.*\b(end|close|stop|finish)/i;
const words = (t: McpTool) => `${t.name.replace(/[_-]+/g, ' ')} ${t.description ?? ''}`;

function pick(tools: McpTool[], configured: string, pattern: RegExp): { tool?: McpTool; candidates: McpTool[] } {
  const named = tools.find((t) => t.name === configured);
  if (named) return { tool: named, candidates: [named] };
  // Names first (they are chosen), descriptions only when no name says it.
  const byName = tools.filter((t) => pattern.test(t.name.replace(/[_-]+/g, ' ')));
  const candidates = byName.length ? byName : tools.filter((t) => pattern.test(words(t)));
  return { tool: candidates.length === 1 ? candidates[0] : undefined, candidates };
}

export function sessionTools(
  tools: McpTool[],
  settings: { sessionTool: string; sessionEndTool: string },
  where: string,
): { start?: McpTool; end?: McpTool; finding: Finding | false } {
  const start = pick(tools, settings.sessionTool, STARTS);
  const end = pick(tools, settings.sessionEndTool, ENDS);
  const offered = tools.map((t) => t.name).join(', ') || 'none';
  return {
    start: start.tool,
    end: end.tool,
    finding: !start.tool && {
      expected: `the MCP tool that starts a session: "${settings.sessionTool}" (SESSION_TOOL), or one tool whose name or description says it starts/opens a session`,
      found: start.candidates.length ? `several candidates: ${start.candidates.map((t) => t.name).join(', ')}` : `none; the server offers ${offered}`,
      where,
      hint: 'set SESSION_TOOL in the .env file to the tool that starts a session',
    },
  };
}

/** The session id a start tool returned: structured content or JSON text, a field like sessionId/session_id/id. */
export function sessionIdOf(result: { text: string; structured?: Record<string, unknown> }): string | undefined {
  let data = result.structured;
  if (!data) {
    try {
      const parsed: unknown = JSON.parse(result.text);
      if (parsed && typeof parsed === 'object') data = parsed as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  const entries = Object.entries(data ?? {});
  const found = entries.find(([k]) => /^session[_-]?id$/i.test(k)) ?? entries.find(([k]) => /^id$/i.test(k)) ?? entries.find(([k]) => /id$/i.test(k));
  return found && (typeof found[1] === 'string' || typeof found[1] === 'number') ? String(found[1]) : undefined;
}

/** The arguments that end session `id` with `tool`: its one required argument, or the one named like a session id. */
export function endArguments(tool: McpTool, id: string): Record<string, string> | undefined {
  const required = tool.inputSchema.required ?? [];
  const properties = Object.keys(tool.inputSchema.properties ?? {});
  const name = required.length === 1 ? required[0] : properties.find((p) => /session[_-]?id|^id$/i.test(p));
  return name ? { [name]: id } : undefined;
}

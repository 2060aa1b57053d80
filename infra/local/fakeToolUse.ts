/**
 * When the demo model calls a tool, and with what input: a forced toolChoice always yields a
 * call (`{tool:{name}}` that tool, `{any:{}}` the tool the prompt names, else the first); with
 * `auto` it calls a tool the prompt names (`[[fake:tool:NAME]]` names one outright: a chat
 * client's own prompt may mention other tools). The input satisfies the tool's inputSchema's
 * required properties with simple values, and `[[fake:input:KEY=VALUE]]` sets a property (a file
 * path, say). After a turn of tool results it answers in text instead.
 */
import { createHash } from 'node:crypto';
import { lastToolResults, lastUserText, toolSpecs, type ConverseBody, type JsonSchema } from './converseRequest';

/** A tool call the model will make. */
export interface PlannedToolUse {
  toolUseId: string;
  name: string;
  input: Record<string, unknown>;
}

/** The tool call this request gets, if any. */
export function plannedToolUse(body: ConverseBody): PlannedToolUse | undefined {
  const tools = toolSpecs(body);
  if (tools.length === 0) return undefined;
  const choice = body.toolConfig?.toolChoice;
  const prompt = lastUserText(body);
  const directed = TOOL_DIRECTIVE.exec(prompt)?.[1];
  const named = (directed ? tools.find((t) => t.name === directed) : undefined) ?? tools.find((t) => t.name && new RegExp(`\\b${escape(t.name)}\\b`).test(prompt));
  let tool: (typeof tools)[number] | undefined;
  if (choice?.tool) tool = tools.find((t) => t.name === choice.tool?.name);
  else if (choice?.any) tool = named ?? tools[0];
  else if (lastToolResults(body).length === 0) tool = named;
  if (!tool?.name) return undefined;
  const id = createHash('sha256').update(JSON.stringify(body.messages ?? [])).update(tool.name).digest('base64url').slice(0, 22);
  const input = { ...(valueFor(tool.inputSchema?.json ?? {}, prompt) as Record<string, unknown>), ...inputDirectives(prompt) };
  return { toolUseId: `tooluse_${id}`, name: tool.name, input };
}

/** `[[fake:tool:NAME]]`: the tool to call. */
const TOOL_DIRECTIVE = /\[\[fake:tool:([\w-]+)\]\]/;
/** `[[fake:input:KEY=VALUE]]`: a property of the call's input (VALUE up to the closing brackets). */
const INPUT_DIRECTIVE = /\[\[fake:input:(\w+)=([^\]]*)\]\]/g;

function inputDirectives(prompt: string): Record<string, string> {
  return Object.fromEntries([...prompt.matchAll(INPUT_DIRECTIVE)].map(([, key, value]) => [key, value]));
}

/** The demo model's answer after tool results: it reports what the tools returned. */
export function answerFromToolResults(body: ConverseBody): string | undefined {
  const results = lastToolResults(body);
  if (results.length === 0) return undefined;
  const parts = results.map((r) => {
    const content = (r.content ?? []).map((c) => c.text ?? JSON.stringify(c.json)).join(' ');
    return `- ${r.toolUseId}${r.status === 'error' ? ' (error)' : ''}: ${content}`;
  });
  return ['The tool returned:', '', ...parts, '', 'That is the answer, based on the tool result.', ''].join('\n');
}

/** A simple value satisfying a JSON schema's type and required properties. */
export function valueFor(schema: JsonSchema, prompt: string): unknown {
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return prompt.replace(/\[\[fake:[^\]]*\]\]/g, '').trim().slice(0, 40) || 'example';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'null':
      return null;
    default: {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = valueFor(schema.properties?.[key] ?? { type: 'string' }, prompt);
      return out;
    }
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

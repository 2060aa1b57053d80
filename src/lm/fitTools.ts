/**
 * The tools VS Code offers (agent mode: its own, the extensions', MCP servers') fitted to what the
 * endpoint accepts: at most MAX_TOOLS tools and MAX_TOOLS_JSON_CHARS of tool JSON, names Bedrock
 * takes. Pure, so it is tested without VS Code.
 */
import { MAX_TOOLS, MAX_TOOLS_JSON_CHARS } from '../protocol/validate';
import { TOOL_NAME_PATTERN, type ToolSpec } from '../protocol/wire';

/** A description longer than this is cut to it before any tool is left out for size. */
export const SHORT_DESCRIPTION_CHARS = 400;

export interface FittedTools {
  tools: ToolSpec[];
  /** Names of the tools left out (invalid or repeated name, over the count, over the size). */
  dropped: string[];
  /** Names of the tools whose description was cut to SHORT_DESCRIPTION_CHARS. */
  shortened: string[];
}

export interface ToolLimits {
  maxTools: number;
  maxJsonChars: number;
}

/** What the endpoint validates (src/protocol/validate.ts). */
const DEFAULT_LIMITS: ToolLimits = { maxTools: MAX_TOOLS, maxJsonChars: MAX_TOOLS_JSON_CHARS };

/**
 * Keeps the tools in the order given, because VS Code's chat lists its built-in tools (file reads,
 * edits, terminal) first and extension / MCP tools after them: a name Bedrock refuses is left out;
 * past `maxTools` the rest are left out; over `maxJsonChars` the longest descriptions are cut
 * first (a tool with a short description still works; a missing tool does not), then tools are
 * left out from the end until the JSON fits.
 */
export function fitTools(offered: readonly ToolSpec[], limits: ToolLimits = DEFAULT_LIMITS): FittedTools {
  const dropped: string[] = [];
  const shortened: string[] = [];
  const seen = new Set<string>();
  const tools: ToolSpec[] = [];
  for (const tool of offered) {
    if (TOOL_NAME_PATTERN.test(tool.name) && !seen.has(tool.name) && tools.length < limits.maxTools) tools.push(tool);
    else dropped.push(tool.name);
    seen.add(tool.name);
  }
  let size = jsonChars(tools);
  const longestFirst = tools
    .map((tool, index) => ({ tool, index }))
    .filter(({ tool }) => (tool.description?.length ?? 0) > SHORT_DESCRIPTION_CHARS)
    .sort((a, b) => (b.tool.description?.length ?? 0) - (a.tool.description?.length ?? 0));
  for (const { tool, index } of longestFirst) {
    if (size <= limits.maxJsonChars) break;
    const cut = { ...tool, description: `${tool.description!.slice(0, SHORT_DESCRIPTION_CHARS - 1)}…` };
    size += JSON.stringify(cut).length - JSON.stringify(tool).length;
    tools[index] = cut;
    shortened.push(tool.name);
  }
  while (tools.length > 0 && size > limits.maxJsonChars) {
    dropped.push(tools.pop()!.name);
    size = jsonChars(tools);
  }
  return { tools, dropped, shortened: shortened.filter((name) => tools.some((t) => t.name === name)) };
}

/** One line for the log about what fitting changed; undefined when nothing did. */
export function fitSummary(fitted: FittedTools, offeredCount: number, limits: ToolLimits = DEFAULT_LIMITS): string | undefined {
  if (fitted.dropped.length === 0 && fitted.shortened.length === 0) return undefined;
  const parts = [`Chat tools: ${offeredCount} offered, ${fitted.tools.length} sent (the endpoint takes at most ${limits.maxTools} tools and ${limits.maxJsonChars} characters of tool JSON)`];
  if (fitted.dropped.length > 0) parts.push(`left out: ${fitted.dropped.join(', ')}`);
  if (fitted.shortened.length > 0) parts.push(`descriptions shortened: ${fitted.shortened.join(', ')}`);
  return `${parts.join('; ')}.`;
}

/** Logs fitSummary's line through `warn`, only when it differs from the last one (the same tools are offered every turn). */
export function fitNoteLogger(warn: (message: string) => void): (fitted: FittedTools, offeredCount: number) => void {
  let last: string | undefined;
  return (fitted, offeredCount) => {
    const note = fitSummary(fitted, offeredCount);
    if (note && note !== last) warn(note);
    last = note;
  };
}

function jsonChars(tools: readonly ToolSpec[]): number {
  return JSON.stringify(tools).length;
}
